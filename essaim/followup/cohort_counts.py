"""The counts of a cohort: the dimensions a table breaks down by, the columns of a horizon, and the
tallies of people grouped in the database then summed into the cells of the cube (horizon ×
innovation × breakdown value × column). See docs/followup.md.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from essaim.followup.enums import HORIZONS, AgeBand, Arm, Category, DurationBand, Sex
from essaim.followup.horizons import last_entry_reaching
from essaim.followup.models import Enrolment

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


# -- the cube's cells ----------------------------------------------------------------------------
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
