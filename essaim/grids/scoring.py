"""The one place where a grid is read and counted: the heatmap (structures × items), each
structure's score and band, each item's share of structures at each level, and each
structure's change since its previous phase. Pages, exports and the command all read it.

Rules (docs/grids.md):
- a structure's score is the mean of the scores of the items it was rated on with a scored
  level; « non renseigné » (a level without a score) and items not rated at all are left out,
  so they never lower a score; the band is the highest one whose threshold the mean reaches;
- an item's shares are over the structures rated on it with a scored level; « non renseigné »
  and « non noté » are counted apart, never in the denominator;
- the change of a structure compares its mean on the items it was rated on (scored) in both
  this phase and its previous rated phase: better, same or worse; nothing in common: not
  comparable;
- an item added to the grid later has no observation in earlier phases: it shows « non noté ».
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

from essaim.evaluation.consolidation import expected_units
from essaim.grids.enums import PHASES, Trend
from essaim.grids.models import EvaluationPhase, Observation
from essaim.swarming.models import Adoption

TONES = 5  # tone-0 (lowest score) … tone-4 (highest)


def rounded(fraction):
    if fraction is None:
        return None
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(n, total):
    return round(100 * n / total) if total else None


@dataclass
class Scoring:
    """What a scale says about levels: scored levels in display order, the unknown level, the
    colour tone of each level, the bands."""

    scale: object
    levels: list
    bands: list

    @classmethod
    def of(cls, scale):
        return cls(scale, scale.levels_in_order(), scale.bands_in_order())

    @property
    def scored(self):
        return [level for level in self.levels if not level.is_unknown]

    @property
    def unknown(self):
        return next((level for level in self.levels if level.is_unknown), None)

    @property
    def max_score(self):
        return max((level.score for level in self.scored), default=None)

    def tone(self, level):
        if level is None:
            return "tone-none"
        if level.is_unknown:
            return "tone-unknown"
        scores = [lv.score for lv in self.scored]
        low, high = min(scores), max(scores)
        if high == low:
            return f"tone-{TONES - 1}"
        return f"tone-{round((TONES - 1) * (level.score - low) / (high - low))}"

    def band(self, mean):
        """The band of an exact mean (a Fraction), or None."""
        if mean is None:
            return None
        for band in self.bands:
            if mean >= Fraction(band.min_score):
                return band
        return None


@dataclass
class Cell:
    item: object
    observation: object = None
    tone: str = "tone-none"

    @property
    def level(self):
        return self.observation.level if self.observation else None

    @property
    def label(self):
        return self.level.label if self.level else ""


@dataclass
class Score:
    total: int = 0
    rated: int = 0
    unknown: int = 0
    not_rated: int = 0
    band: object = None

    @property
    def mean_fraction(self):
        return Fraction(self.total, self.rated) if self.rated else None

    @property
    def mean(self):
        return rounded(self.mean_fraction)

    @property
    def items(self):
        return self.rated + self.unknown + self.not_rated


@dataclass
class Change:
    trend: str
    previous_phase: int | None = None
    delta: Decimal | None = None
    common: int = 0

    @property
    def label(self):
        return Trend(self.trend).label


@dataclass
class Row:
    adoption: object
    cells: list
    score: Score
    change: Change | None = None

    @property
    def structure(self):
        return self.adoption.structure


@dataclass
class Share:
    item: object
    counts: list  # [(level, n, percent of rated)] for each scored level
    rated: int
    unknown: int
    not_rated: int


@dataclass
class GridView:
    grid: object
    phase: int
    day: object
    scoring: Scoring
    items: list
    rows: list
    shares: list = field(default_factory=list)
    bands: list = field(default_factory=list)  # [(band, n)] and (None, n) for structures without a score
    trends: list = field(default_factory=list)  # [(Trend, n)]
    phases: list = field(default_factory=list)  # phase numbers holding observations

    @property
    def structures(self):
        return len(self.rows)

    @property
    def rated_structures(self):
        return sum(1 for row in self.rows if row.score.rated)

    @property
    def has_observations(self):
        return any(cell.observation for row in self.rows for cell in row.cells)


def phases_with_observations(grid):
    return sorted(
        set(Observation.objects.filter(item__grid=grid).values_list("phase", flat=True).distinct()) & set(PHASES)
    )


def default_phase(grid):
    """The latest phase holding observations; else the plan's phase in progress; else 1."""
    rated = phases_with_observations(grid)
    if rated:
        return rated[-1]
    current = EvaluationPhase.objects.filter(innovation_id=grid.innovation_id, status="in_progress").first()
    return current.number if current else PHASES[0]


def phase_day(innovation_id, phase):
    """The day the phase is about: its planned date, else today."""
    planned = EvaluationPhase.objects.filter(innovation_id=innovation_id, number=phase).first()
    return planned.planned_on if planned else timezone.localdate()


def sort_key(adoption):
    return (adoption.structure.name.casefold(), adoption.structure.pk)


def phase_adoptions(grid, phase, day):
    """The rows of a phase: adoptions rated in it, and those expected to report on its day
    (begun, neither candidate nor abandoned: the consolidation's definition)."""
    innovation_id = grid.innovation_id
    rated = set(
        Observation.objects.filter(item__grid=grid, phase=phase).values_list("adoption_id", flat=True).distinct()
    )
    expected = expected_units(day).get(innovation_id, set())
    adoptions = Adoption.objects.filter(innovation_id=innovation_id).select_related("structure")
    chosen = [a for a in adoptions if a.pk in rated or a.structure_id in expected]
    return sorted(chosen, key=sort_key)


def score_of(cells):
    score = Score()
    for cell in cells:
        level = cell.level
        if level is None:
            score.not_rated += 1
        elif level.is_unknown:
            score.unknown += 1
        else:
            score.rated += 1
            score.total += level.score
    return score


def change_of(now, before, previous_phase):
    """now, before: {item id: score} of scored levels. Compared on the items both rated."""
    common = set(now) & set(before)
    if not common:
        return Change(Trend.NOT_COMPARABLE, previous_phase)
    delta = Fraction(sum(now[i] for i in common) - sum(before[i] for i in common), len(common))
    trend = Trend.BETTER if delta > 0 else Trend.WORSE if delta < 0 else Trend.SAME
    return Change(trend, previous_phase, rounded(delta), len(common))


def build(grid, phase, adoptions=None, day=None):
    """The grid of one phase. `adoptions`: the rows (default: `phase_adoptions`)."""
    scoring = Scoring.of(grid.scale)
    items = list(grid.items.all())
    day = day or phase_day(grid.innovation_id, phase)
    if adoptions is None:
        adoptions = phase_adoptions(grid, phase, day)
    ids = [a.pk for a in adoptions]
    observations = (
        Observation.objects.filter(item__grid=grid, adoption_id__in=ids, phase__lte=phase)
        .select_related("level", "recorded_by")
        .order_by("phase")
    )
    by_phase = defaultdict(dict)  # (adoption, phase) → {item id: observation}
    for observation in observations:
        by_phase[(observation.adoption_id, observation.phase)][observation.item_id] = observation
    rows = []
    for adoption in adoptions:
        found = by_phase.get((adoption.pk, phase), {})
        cells = [
            Cell(item, found.get(item.pk), scoring.tone(found[item.pk].level if item.pk in found else None))
            for item in items
        ]
        score = score_of(cells)
        score.band = scoring.band(score.mean_fraction)
        rows.append(Row(adoption, cells, score, previous_change(adoption, phase, found, by_phase)))
    view = GridView(grid, phase, day, scoring, items, rows, phases=phases_with_observations(grid))
    view.shares = shares_of(view)
    view.bands = band_counts(view)
    view.trends = trend_counts(view)
    return view


def scored(observations):
    return {item_id: o.level.score for item_id, o in observations.items() if not o.level.is_unknown}


def previous_change(adoption, phase, found, by_phase):
    """Against the latest earlier phase in which this structure has a scored level."""
    if not scored(found):
        return None
    for earlier in range(phase - 1, PHASES[0] - 1, -1):
        before = scored(by_phase.get((adoption.pk, earlier), {}))
        if before:
            return change_of(scored(found), before, earlier)
    return None


def shares_of(view):
    shares = []
    for index, item in enumerate(view.items):
        levels = Counter()
        unknown = not_rated = 0
        for row in view.rows:
            level = row.cells[index].level
            if level is None:
                not_rated += 1
            elif level.is_unknown:
                unknown += 1
            else:
                levels[level.pk] += 1
        rated = sum(levels.values())
        counts = [(level, levels[level.pk], percent(levels[level.pk], rated)) for level in view.scoring.scored]
        shares.append(Share(item, counts, rated, unknown, not_rated))
    return shares


def band_counts(view):
    if not view.scoring.bands:
        return []
    counts = Counter(row.score.band.pk if row.score.band else None for row in view.rows)
    found = [(band, counts[band.pk]) for band in view.scoring.bands]
    if counts[None]:
        found.append((None, counts[None]))
    return found


def trend_counts(view):
    counts = Counter(row.change.trend for row in view.rows if row.change)
    return [(trend, counts[trend.value]) for trend in Trend if counts[trend.value]]


def table(view):
    """The heatmap as plain text: header (« structure » then item labels), then one row per
    structure (its name, then each item's level label, empty when not rated)."""
    header = ["structure", *(item.label for item in view.items)]
    return header, [[row.structure.name, *(cell.label for cell in row.cells)] for row in view.rows]
