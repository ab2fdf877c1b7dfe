"""Cohort outcomes: where the people who entered an innovation are 6, 12 and 18 months later.

One pass over the enrolments counts, per innovation and per value of a breakdown (structure,
entry cohort, public), the people entered by the date and, at each horizon reached, how many are
in each exit category. Every count is a cell of a cube (horizon × innovation × breakdown value ×
column) whose lines are its additive relations; `suppression.Protector` hides the small cells and
whatever would let them be computed back — for every viewer but the programme team and a
structure reading its own people (`Viewer.exact`). The Kaplan–Meier curve, the difference in
differences and the reference rates come from the same counts. See docs/followup.md.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Count, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear

from essaim.followup import estimators, reference_rates
from essaim.followup.enums import HORIZONS, AgeBand, Arm, Category, DurationBand, Sex
from essaim.followup.horizons import last_entry_reaching
from essaim.followup.models import Beneficiary, Enrolment
from essaim.followup.suppression import SUPPRESSED, Protector

ALL = "*"
ENTERED = "entered"
# Published columns of a horizon, in the order tables show them. `base` is the denominator of
# the shares (people observed, withdrawals left out); `exits` that of the ASP rate.
COLUMNS = {
    "observed": "Personnes à cette échéance",
    "withdrawn": "Retraits (hors taux)",
    "base": "Base des taux (hors retraits)",
    "durable": Category.DURABLE.label,
    "transition": Category.TRANSITION.label,
    "positive": Category.POSITIVE.label,
    "dynamic": "Sorties dynamiques",
    "employment": "En emploi (durable ou de transition)",
    "other": Category.OTHER.label,
    "ongoing": Category.ONGOING.label,
    "exits": "Sorties (hors retraits)",
}
CATEGORY_COLUMNS = ("durable", "transition", "positive", "other", "ongoing", "withdrawn")
SUMS = {
    "observed": CATEGORY_COLUMNS,
    "base": ("durable", "transition", "positive", "other", "ongoing"),
    "dynamic": ("durable", "transition", "positive"),
    "employment": ("durable", "transition"),
    "exits": ("durable", "transition", "positive", "other"),
}
SHARES = ("durable", "transition", "positive", "dynamic", "employment", "other", "ongoing")
INTERVALS = {"dynamic", "employment"}  # shares shown with their 95 % interval
KM_MONTHS = (0, 3, 6, 9, 12, 18, 24)
KM_GRID_MAX = 36


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    values: tuple = ()  # (code, label); empty: read from the data
    nested: bool = False  # values exist within one innovation only (structures)
    parent_of: object = None  # hierarchical values (quarter → year)


DIMENSIONS = {
    "innovation": Dimension("innovation", "Innovation"),
    "structure": Dimension("structure", "Structure", nested=True),
    "year": Dimension("year", "Année d'entrée"),
    "quarter": Dimension("quarter", "Trimestre d'entrée"),
    "duration_band": Dimension("duration_band", "Ancienneté d'inscription", tuple(DurationBand.choices)),
    "age_band": Dimension("age_band", "Âge à l'entrée", tuple(AgeBand.choices)),
    "sex": Dimension("sex", "Sexe", tuple(Sex.choices)),
    "neet": Dimension("neet", "NEET", ((True, "NEET"), (False, "Non NEET"))),
    "sheltered": Dimension("sheltered", "Hébergement", ((True, "Hébergé"), (False, "Non hébergé"))),
    "rqth": Dimension("rqth", "RQTH", ((True, "RQTH"), (False, "Sans RQTH"))),
    "qpv": Dimension("qpv", "Quartier prioritaire", ((True, "Résident QPV"), (False, "Hors QPV"))),
    "rsa": Dimension("rsa", "RSA", ((True, "Allocataire du RSA"), (False, "Non allocataire"))),
}
FIELDS = {"structure": "structure_id", "sex": "beneficiary__sex"}
COHORT = ("year", "quarter")  # one cube: years are the sums of their quarters


@dataclass
class Viewer:
    """Who reads: `exact` shows every count as it is; otherwise counts are protected, computed
    without the viewer's own structures (`own`), whose people the viewer already knows."""

    exact: bool = False
    own: frozenset = frozenset()
    threshold: int = 0

    def __post_init__(self):
        self.threshold = self.threshold or settings.SMALL_CELL_THRESHOLD


@dataclass
class Figure:
    value: int | None
    secret: bool = False

    def __str__(self):
        return "secret" if self.secret else str(self.value)


@dataclass
class Share:
    """A share in %, with its 95 % Wilson interval computed when first read (`interval`)."""

    percent: float | None
    secret: bool = False
    counts: tuple | None = None  # (part, whole) when the interval is wanted

    @cached_property
    def bounds(self):
        found = estimators.wilson(*self.counts) if self.counts else None
        return (100.0 * found[0], 100.0 * found[1]) if found else (None, None)

    @property
    def low(self):
        return self.bounds[0]

    @property
    def high(self):
        return self.bounds[1]


@dataclass
class Line:
    key: object
    label: str
    entered: Figure
    horizons: dict  # months → {column: Figure}
    shares: dict  # months → {column: Share}
    asp_rate: dict  # months → Share (sorties dynamiques among exits)
    total: bool = False


@dataclass
class Outcomes:
    as_of: date
    breakdown: Dimension
    scope_label: str
    lines: list
    total: Line | None
    viewer: Viewer
    survival: dict = field(default_factory=dict)  # arm → SurvivalView
    did: list = field(default_factory=list)
    references: list = field(default_factory=list)
    demo: int = 0
    suppressed: int = 0
    unresolved: int = 0


# -- counting ------------------------------------------------------------------------------------
def scope_queryset(as_of, innovation=None, structure=None):
    enrolments = Enrolment.objects.filter(entered_on__lte=as_of)
    if innovation is not None:
        enrolments = enrolments.filter(innovation=innovation)
    if structure is not None:
        enrolments = enrolments.filter(structure=structure)
    return enrolments


def reached(as_of):
    return {
        f"r{h}": ExpressionWrapper(Q(entered_on__lte=last_entry_reaching(as_of, h)), output_field=BooleanField())
        for h in HORIZONS
    }


@dataclass
class Tally:
    """Counts of one group of people: entered, and per horizon a Counter of categories; for the
    difference in differences, per horizon a Counter of (employed at entry, employed then)."""

    entered: int = 0
    categories: dict = field(default_factory=lambda: {h: Counter() for h in HORIZONS})
    panel: dict = field(default_factory=lambda: {h: Counter() for h in HORIZONS})

    def add(self, row, count, horizons=HORIZONS):
        self.entered += count
        start = row.get("outcome_0")
        for h in horizons:
            outcome = row[f"outcome_{h}"]
            if outcome and row[f"r{h}"]:
                self.categories[h][outcome] += count
                if start and outcome != WITHDRAWN:
                    self.panel[h][(start in EMPLOYED, outcome in EMPLOYED)] += count

    def columns(self, h):
        counts = self.categories[h]
        values = {c: counts.get(c, 0) for c in CATEGORY_COLUMNS}
        for name, parts in SUMS.items():
            values[name] = sum(values[p] for p in parts)
        return values


EMPLOYED = frozenset(Category.employment())
WITHDRAWN = Category.WITHDRAWN.value


def tallies(enrolments, as_of, keys, horizons=HORIZONS, by_innovation=True):
    """{(innovation id or ALL, arm, *values of `keys`): Tally}, in one grouped query (people grouped
    by their situations at each horizon: a few thousand rows for a million people). `horizons`:
    only those; `by_innovation=False`: the programme as a whole (ALL)."""
    annotations = {k: v for k, v in reached(as_of).items() if int(k[1:]) in horizons}
    names = ["innovation_id", "arm"] if by_innovation else ["arm"]
    columns = {}
    for key in keys:
        if key in COHORT:
            annotations.update(year=ExtractYear("entered_on"), quarter=ExtractQuarter("entered_on"))
            names += ["year", "quarter"]
        else:
            columns[key] = FIELDS.get(key, key)
            names.append(columns[key])
    outcome_names = (["outcome_0"] if horizons == HORIZONS else []) + [f"outcome_{h}" for h in horizons]
    rows = (
        enrolments.order_by()
        .annotate(**annotations)
        .values(*names, *outcome_names, *annotations)
        .annotate(n=Count("pk"))
    )
    result = defaultdict(Tally)
    for row in rows:
        group = [row["innovation_id"] if by_innovation else ALL, row["arm"]]
        for key in keys:
            if key in COHORT:
                group.append(f"{row['year']} T{row['quarter']}")
            else:
                group.append(row[columns[key]])
        result[tuple(group)].add(row, row["n"], horizons)
    return result


# -- the cube and its protection -----------------------------------------------------------------
def build_tallies(raw, arm=Arm.INNOVATION, value_of=None, nested=False):
    """{(innovation, value): Tally} from raw tallies, summed over ALL innovations and ALL values."""
    result = defaultdict(Tally)
    for group, tally in raw.items():
        inno, group_arm = group[0], group[1]
        if group_arm != arm:
            continue
        value = value_of(group) if value_of else ALL
        targets = [(inno, ALL), (ALL, ALL)] if inno != ALL else [(ALL, ALL)]
        if value != ALL:
            chosen = value if isinstance(value, list) else [value]
            for v in chosen:
                targets.append((inno, v))
                if not nested and inno != ALL:
                    targets.append((ALL, v))
        for target in targets:
            merge(result[target], tally)
    return result


def merge(into, tally):
    into.entered += tally.entered
    for h in HORIZONS:
        into.categories[h].update(tally.categories[h])
        into.panel[h].update(tally.panel[h])


def counts_of(tally_of, horizons=HORIZONS):
    """Cell values {(h, inno, value, column): count} of tallies."""
    cells = {}
    for (inno, value), tally in tally_of.items():
        cells[(None, inno, value, ENTERED)] = tally.entered
        for h in horizons:
            for name, count in tally.columns(h).items():
                cells[(h, inno, value, name)] = count
    return cells


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


# -- the whole computation -----------------------------------------------------------------------
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


def compute(as_of, *, breakdown="innovation", innovation=None, structure=None, viewer=None, labels=None):
    """The cohort outcomes as of `as_of`, for every innovation or one (`structure`: only that
    structure's people, for those who see them), broken down by a dimension, as `viewer` may
    read them. `labels`: {innovation id: name, "values": {value: label}}."""
    viewer = viewer or Viewer()
    dimension = DIMENSIONS[breakdown]
    work = Computation(as_of, viewer, structure)
    if breakdown == "innovation" or innovation is not None or dimension.nested:
        tally_of, suppressed, values, _ = work.cube(breakdown)
    else:
        tally_of, suppressed, values, _, _ = work.programme_cube(breakdown)
    labels = labels or {}
    scope = innovation.pk if innovation is not None else ALL
    lines = []
    if breakdown == "innovation":
        shown = sorted({k[0] for k in tally_of if k[0] != ALL}, key=lambda i: labels.get(i, str(i)))
        if innovation is not None:
            shown = [innovation.pk] if innovation.pk in shown else []
        for inno in shown:
            lines.append(make_line(tally_of, suppressed, inno, ALL, labels.get(inno, str(inno))))
    else:
        if breakdown == "year":
            values = [v for v in values if " " not in str(v)]
        elif breakdown == "quarter":
            values = [v for v in values if " " in str(v)]
        value_labels = dict(dimension.values) if dimension.values else labels.get("values", {})
        for value in values:
            if (scope, value) in tally_of:
                lines.append(make_line(tally_of, suppressed, scope, value, value_labels.get(value, str(value))))
    total = None
    if (scope, ALL) in tally_of:
        total = make_line(tally_of, suppressed, scope, ALL, "Ensemble", total=True)
    result = Outcomes(
        as_of,
        dimension,
        labels.get(scope, "Toutes les innovations") if scope != ALL else "Toutes les innovations",
        lines,
        total,
        viewer,
        suppressed=len(suppressed),
    )
    comparison = build_tallies(work.raw, arm=Arm.COMPARISON)
    result.did = did_views(work.base, comparison, scope, viewer)
    result.references = reference_views(work, scope, innovation)
    enrolments = work.enrolments if innovation is None else work.enrolments.filter(innovation=innovation)
    result.survival = survival_views(enrolments, as_of, viewer, total, comparison.get((scope, ALL)))
    result.demo = demo_count(enrolments)
    result.unresolved = work.unresolved
    return result


def demo_count(enrolments):
    """Fictitious people in the scope (few, found through the partial index on is_demo)."""
    demo = Beneficiary.objects.filter(is_demo=True)
    return enrolments.filter(beneficiary__in=demo).count() if demo.exists() else 0


@dataclass
class ReferenceView:
    rate: object  # reference_rates.Rate
    cohort: Share
    base: Figure


def reference_views(work, scope, innovation):
    """Each reference rate beside the cohort's share for the same measure, sub-public and horizon.
    For the programme, one query gives the three publics the rates are about."""
    views = []
    horizons = tuple(sorted({r.horizon for r in reference_rates.RATES}))
    source = None
    if innovation is None:
        keys = list(reference_rates.DIMENSIONS)
        source = (keys, *work.query(keys, horizons, by_innovation=False))
    for rate in reference_rates.RATES:
        if rate.dimension:
            if innovation is None:
                tally_of, suppressed, *_ = work.programme_cube(rate.dimension, horizons, source)
            else:
                tally_of, suppressed, _, _ = work.cube(rate.dimension)
            value = rate.value
        else:
            tally_of, suppressed, _, _ = work.cube("innovation")
            value = ALL
        if (scope, value) not in tally_of:
            views.append(ReferenceView(rate, Share(None), Figure(0)))
            continue
        line = make_line(tally_of, suppressed, scope, value, rate.label)
        views.append(ReferenceView(rate, line.shares[rate.horizon][rate.measure], line.horizons[rate.horizon]["base"]))
    return views


def make_line(tally_of, suppressed, inno, value, label, total=False):
    tally = tally_of.get((inno, value), Tally())
    key = (None, inno, value, ENTERED)
    entered = Figure(None, True) if key in suppressed else Figure(tally.entered)
    horizons, shares, asp = {}, {}, {}
    for h in HORIZONS:
        columns = tally.columns(h)
        figures = {}
        for name in COLUMNS:
            secret = (h, inno, value, name) in suppressed
            figures[name] = Figure(None, True) if secret else Figure(columns[name])
        horizons[h] = figures
        shares[h] = {name: share(figures[name], figures["base"], name in INTERVALS) for name in SHARES}
        asp[h] = share(figures["dynamic"], figures["exits"])
    return Line((inno, value), label, entered, horizons, shares, asp, total)


def share(part, whole, interval=True):
    if part.secret or whole.secret:
        return Share(None, True)
    if not whole.value:
        return Share(None)
    percent = 100.0 * part.value / whole.value
    return Share(percent, False, (part.value, whole.value) if interval else None)


# -- difference in differences -------------------------------------------------------------------
@dataclass
class DiDView:
    months: int
    result: object = None  # estimators.DiD
    reason: str = ""


def did_views(treated_of, control_of, scope, viewer):
    treated, control = treated_of.get((scope, ALL)), control_of.get((scope, ALL))
    if control is None or not control.entered:
        return []
    views = []
    for h in HORIZONS:
        t, c = treated.panel[h] if treated else Counter(), control.panel[h]
        result = estimators.difference_in_differences(h, dict(t), dict(c))
        if result is None:
            views.append(DiDView(h, reason="pas encore de personnes des deux groupes à cette échéance"))
            continue
        if not viewer.exact and not publishable_panel(t, c, viewer.threshold):
            views.append(DiDView(h, reason=f"effectifs trop petits pour être publiés (moins de {viewer.threshold})"))
            continue
        views.append(DiDView(h, result))
    return views


def publishable_panel(treated, control, threshold):
    """Every count behind the estimate (per group: people, employed at entry, employed then, and
    their complements) is 0 or at least the threshold."""
    for counts in (treated, control):
        n = sum(counts.values())
        before = sum(v for k, v in counts.items() if k[0])
        after = sum(v for k, v in counts.items() if k[1])
        for count in (n, before, n - before, after, n - after):
            if 0 < count < threshold:
                return False
    return True


# -- time to first job -----------------------------------------------------------------------------
@dataclass
class SurvivalView:
    arm: str
    curve: object  # estimators.Survival
    n: Figure
    points: list  # (months, survival %, low %, high %)
    table: list  # (months, at risk or None, events or None, censored or None, survival %, low %, high %)
    truncated_at: int | None = None
    median_months: float | None = None


def survival_groups(enrolments, as_of):
    """(days, is event, people) for the Kaplan–Meier estimator, grouped in the database: an event
    is a first job by `as_of`; otherwise the person is censored at their last situation by then,
    or at `as_of` itself when they were still followed after it."""
    job = Q(first_job_on__isnull=False, first_job_on__lte=as_of)
    seen = Q(last_seen_on__isnull=False, last_seen_on__lte=as_of)
    kind = Case(When(job, then=Value("event")), When(seen, then=Value("seen")), default=Value("open"))
    days = Case(
        When(job, then=F("job_days")),
        When(seen, then=F("seen_days")),
        default=Value(None),
        output_field=IntegerField(),
    )
    since = Case(When(job | seen, then=Value(None)), default=F("entered_on"))
    rows = (
        enrolments.order_by()
        .annotate(kind=ExpressionWrapper(kind, output_field=CharField()), days=days, since=since)
        .values("kind", "days", "since")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["kind"] == "open":
            yield (as_of - row["since"]).days, False, row["n"]
        else:
            yield row["days"], row["kind"] == "event", row["n"]


def survival_views(enrolments, as_of, viewer, total, control_tally):
    views = {}
    arms = [(Arm.INNOVATION, total.entered if total else Figure(0))]
    if control_tally is not None and control_tally.entered:
        control_n = control_tally.entered
        secret = not viewer.exact and 0 < control_n < viewer.threshold
        arms.append((Arm.COMPARISON, Figure(None, True) if secret else Figure(control_n)))
    for arm, n in arms:
        if n.secret or not n.value:
            continue
        curve = estimators.kaplan_meier(survival_groups(enrolments.filter(arm=arm), as_of))
        if curve is None:
            continue
        views[arm] = survival_view(arm, curve, n, viewer)
    return views


def survival_view(arm, curve, n, viewer):
    limit = None if viewer.exact else viewer.threshold
    points, truncated = [], None
    for month in range(0, KM_GRID_MAX + 1):
        days = estimators.months_to_days(month)
        if month and curve.at_risk(days) == 0:
            break
        if limit and curve.at_risk(days) < limit:
            truncated = month
            break
        s, low, high = curve.at(days)
        points.append((month, 100 * s, 100 * low, 100 * high))
    table = []
    for month in KM_MONTHS:
        days = estimators.months_to_days(month)
        if truncated is not None and month >= truncated:
            break
        at_risk = curve.at_risk(days)
        if month and at_risk == 0:
            break
        s, low, high = curve.at(days)
        exact = viewer.exact
        table.append(
            (
                month,
                at_risk,
                curve.events_by(days + 1) if exact else None,
                curve.censored_by(days + 1) if exact else None,
                100 * s,
                100 * low,
                100 * high,
            )
        )
    median = curve.median_days()
    median_months = median / estimators.DAYS_PER_MONTH if median is not None else None
    if truncated is not None and median_months is not None and median_months >= truncated:
        median_months = None
    return SurvivalView(arm, curve, n, points, table, truncated, median_months)
