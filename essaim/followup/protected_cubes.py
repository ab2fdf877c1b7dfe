"""The protected cubes of one scope: the additive lines between the cells, the keys to hide for a
viewer (`suppression.Protector` hides the small cells and whatever would let them be computed
back — for every viewer but the programme team and a structure reading its own people,
`Viewer.exact`), and `Computation`, which builds the cubes layer by layer so that every table
agrees. See docs/followup.md.
"""

from essaim.followup.cohort_counts import (
    ALL,
    COHORT,
    DIMENSIONS,
    SUMS,
    build_tallies,
    counts_of,
    scope_queryset,
    tallies,
)
from essaim.followup.enums import HORIZONS
from essaim.followup.suppression import SUPPRESSED, Protector


def cube_lines(cells, dimension, values, hierarchy=None):
    """Every additive relation between the cells {(h, inno, value, column)}."""
    lines = []
    innovations = sorted({k[1] for k in cells if k[1] != ALL}, key=str)
    children = {c for kids in (hierarchy or {}).values() for c in kids}
    tops = [v for v in values if v not in children]
    groups = {(k[0], k[1], k[2]) for k in cells}
    for h, inno, value in groups:
        if h is None:
            continue
        for name, parts in SUMS.items():
            lines.append(((h, inno, value, name), [(h, inno, value, p) for p in parts]))
    columns = {(k[0], k[3]) for k in cells}
    all_values = {k[2] for k in cells}
    for h, column in columns:
        for value in all_values:
            if dimension.nested and value != ALL:
                continue
            lines.append(((h, ALL, value, column), [(h, i, value, column) for i in innovations]))
        if dimension.key != "innovation":
            for inno in [ALL, *innovations]:
                lines.append(((h, inno, ALL, column), [(h, inno, v, column) for v in tops]))
                for parent, children in (hierarchy or {}).items():
                    lines.append(((h, inno, parent, column), [(h, inno, c, column) for c in children]))
    return [(t, [p for p in parts if p in cells]) for t, parts in lines if t in cells]


def protect(viewer, tally_of, own_tally_of, dimension, values, hierarchy=None, base=None, horizons=HORIZONS):
    """The keys to hide. The protector works on the counts the viewer does not already know (all
    counts minus those of the viewer's own structures); `base` (cells → state) locks the
    innovation-level decisions so that every breakdown agrees with them."""
    if viewer.exact:
        return set(), 0
    cells = counts_of(tally_of, horizons)
    own = counts_of(own_tally_of, horizons) if own_tally_of else {}
    protector = Protector(viewer.threshold)
    for key, value in cells.items():
        unknown = value - own.get(key, 0)
        if base is not None and key in base:
            protector.add(key, unknown, state=base[key])
        else:
            protector.add(key, unknown)
    for total, parts in cube_lines(cells, dimension, values, hierarchy):
        protector.line(total, parts)
    suppressed = protector.solve()
    return suppressed, len(protector.unresolved)


# -- the cubes of one scope ----------------------------------------------------------------------
def value_key(keys, name):
    index = 2 + keys.index(name)
    return lambda group: group[index]


def dimension_values(dimension, raw, keys):
    """The values of a breakdown present in the data (or all declared ones), in order; for the
    entry cohort, years then their quarters, and the hierarchy {year: [quarters]}."""
    if dimension.key == "innovation":
        return [], None
    if dimension.key in COHORT:
        years, quarters = set(), set()
        index = 2 + keys.index("quarter")
        for group in raw:
            quarter = group[index]
            quarters.add(quarter)
            years.add(quarter.split(" ")[0])
        hierarchy = {y: sorted(q for q in quarters if q.startswith(y + " ")) for y in sorted(years)}
        return sorted(years) + sorted(quarters), hierarchy
    if dimension.values:
        return [code for code, _ in dimension.values], None
    index = 2 + keys.index(dimension.key)
    return sorted({group[index] for group in raw}, key=str), None


def cohort_value_of(keys):
    index = 2 + keys.index("quarter")

    def value(group):
        quarter = group[index]
        return [quarter.split(" ")[0], quarter]

    return value


class Computation:
    """The counts of one scope as of a date, and the protected cubes built from them on demand.

    Decisions are layered so that every table agrees: the innovation-level cube first; then, for a
    breakdown, its programme-level cells (ALL × value), with the former locked; then, when an
    innovation is broken down, every innovation × value, with both locked."""

    def __init__(self, as_of, viewer, structure=None):
        self.as_of, self.viewer = as_of, viewer
        self.enrolments = scope_queryset(as_of, structure=structure)
        self.raw = tallies(self.enrolments, as_of, [])
        self.own_raw = {}
        mine = None
        if not viewer.exact and viewer.own:
            mine = self.enrolments.filter(structure_id__in=viewer.own)
            self.own_raw = tallies(mine, as_of, [])
        self.mine = mine
        self.base = build_tallies(self.raw)
        own = build_tallies(self.own_raw) if self.own_raw else None
        self.base_suppressed, self.unresolved = protect(viewer, self.base, own, DIMENSIONS["innovation"], [])
        self.base_states = states(counts_of(self.base), self.base_suppressed)
        self.programme = {}  # key → (tallies, suppressed, values, hierarchy, states)
        self.cubes = {"innovation": (self.base, self.base_suppressed, [], None)}

    def query(self, keys, horizons=HORIZONS, by_innovation=True):
        raw = tallies(self.enrolments, self.as_of, keys, horizons, by_innovation)
        own = tallies(self.mine, self.as_of, keys, horizons, by_innovation) if self.mine is not None else {}
        return raw, own

    def split(self, key, keys, raw, own):
        dimension = DIMENSIONS[key]
        values, hierarchy = dimension_values(dimension, raw, keys)
        value_of = cohort_value_of(keys) if key in COHORT else value_key(keys, key)
        tally_of = build_tallies(raw, value_of=value_of, nested=dimension.nested)
        own_tally = build_tallies(own, value_of=value_of, nested=dimension.nested) if own else None
        return dimension, values, hierarchy, tally_of, own_tally

    def programme_cube(self, key, horizons=HORIZONS, source=None):
        """The programme-level cells of a breakdown (ALL × value), the innovation cube locked.
        `source`: (keys, raw, own) of a query already made (the reference rates share one)."""
        cache = (key, tuple(horizons))
        if cache not in self.programme and (key, HORIZONS) in self.programme:
            return self.programme[(key, HORIZONS)]
        if cache not in self.programme:
            keys, raw, own = source or ([dimension_key(key)], *self.query([dimension_key(key)], horizons, False))
            dimension, values, hierarchy, tally_of, own_tally = self.split(key, keys, raw, own)
            suppressed, more = protect(
                self.viewer, tally_of, own_tally, dimension, values, hierarchy, self.base_states, horizons
            )
            self.unresolved += more
            cells = states(counts_of(tally_of, horizons), suppressed)
            self.programme[cache] = (tally_of, suppressed, values, hierarchy, cells)
            if key in COHORT:
                self.programme[(COHORT[1 - COHORT.index(key)], cache[1])] = self.programme[cache]
        return self.programme[cache]

    def cube(self, key):
        """Every innovation × value of a breakdown, the two levels above locked."""
        if key not in self.cubes:
            keys = [dimension_key(key)]
            raw, own = self.query(keys)
            dimension, values, hierarchy, tally_of, own_tally = self.split(key, keys, raw, own)
            locked = dict(self.base_states)
            if not dimension.nested:
                locked.update(self.programme_cube(key)[4])
            suppressed, more = protect(self.viewer, tally_of, own_tally, dimension, values, hierarchy, locked)
            self.unresolved += more
            self.cubes[key] = (tally_of, suppressed, values, hierarchy)
            if key in COHORT:
                self.cubes[COHORT[1 - COHORT.index(key)]] = self.cubes[key]
        return self.cubes[key]


def dimension_key(key):
    return "quarter" if key in COHORT else key


def states(cells, suppressed):
    return {k: (SUPPRESSED if k in suppressed else "shown") for k in cells}
