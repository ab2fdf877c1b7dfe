"""Where a collection campaign stands (`campaigns.Campaign`).

The structures expected are the consolidation engine's expected units on the period end
(`consolidation.expected_units`), so that a campaign, completeness and the consolidated table
agree. For each expected structure, `progress` says whether it answered every indicator asked
(a number, nc or ne: nc and ne are answers, counted apart) and when: on time (its last answer
entered by the deadline), late (after it), missing (the deadline passed without every answer),
or still expected (before the deadline). The time of an answer is its value's `entered_at`, which
a later correction renews.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.enums import ValueKind
from essaim.evaluation.models import Value
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure

ON_TIME, LATE, MISSING, EXPECTED = "on_time", "late", "missing", "expected"
STATES = {MISSING: "manquant", LATE: "en retard", EXPECTED: "attendu", ON_TIME: "à temps"}  # in the list's order


@dataclass
class Unit:
    """One expected structure of one innovation in a campaign."""

    innovation: object
    structure: object
    asked: int
    numbers: int = 0
    nc: int = 0
    ne: int = 0
    last_entered: object = None
    state: str = EXPECTED
    reviews: Counter = field(default_factory=Counter)  # the answers' review states (ValidationState)

    @property
    def answered(self):
        return self.numbers + self.nc + self.ne

    @property
    def state_label(self):
        return STATES[self.state]


@dataclass
class Progress:
    campaign: Campaign
    units: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def counts(self):
        found = Counter(unit.state for unit in self.units)
        return {state: found.get(state, 0) for state in STATES}

    @property
    def complete(self):
        return sum(1 for unit in self.units if unit.answered == unit.asked)

    def share(self, n):
        return round(100 * n / len(self.units)) if self.units else None


def progress(campaign, today=None, structure_ids=None):
    """Who answered what, and when, among the structures the campaign expects (those of
    `structure_ids` only, when given)."""
    today = today or timezone.localdate()
    innovations = Innovation.objects.all()
    if campaign.innovation_id:
        innovations = innovations.filter(pk=campaign.innovation_id)
    innovations = {i.pk: i for i in innovations}
    expected = expected_units(campaign.period_end, list(innovations))
    if structure_ids is not None:
        expected = {pk: ids & set(structure_ids) for pk, ids in expected.items()}
    indicators = campaign.asked_indicators()
    structure_ids = {pk for ids in expected.values() for pk in ids}
    structures = Structure.objects.in_bulk(structure_ids)
    answers = defaultdict(list)
    for innovation_id, structure_id, kind, entered_at, review in Value.objects.filter(
        innovation_id__in=list(expected),
        structure_id__in=structure_ids,
        period_end=campaign.period_end,
        indicator__in=indicators,
    ).values_list("innovation_id", "structure_id", "kind", "entered_at", "state"):
        answers[innovation_id, structure_id].append((kind, entered_at, review))
    units = []
    for innovation_id, ids in expected.items():
        for structure_id in ids:
            unit = Unit(innovations[innovation_id], structures[structure_id], asked=len(indicators))
            for kind, entered_at, review in answers.get((innovation_id, structure_id), []):
                unit.reviews[review] += 1
                if kind == ValueKind.NUMBER:
                    unit.numbers += 1
                elif kind == ValueKind.NC:
                    unit.nc += 1
                else:
                    unit.ne += 1
                unit.last_entered = max(unit.last_entered or entered_at, entered_at)
            unit.state = state_of(unit, campaign, today)
            units.append(unit)
    order = list(STATES)
    units.sort(key=lambda u: (order.index(u.state), u.innovation.code, u.structure.sort_name, u.structure.pk))
    return Progress(campaign, units, indicators)


def state_of(unit, campaign, today):
    if unit.answered >= unit.asked:
        on = timezone.localtime(unit.last_entered).date()
        return ON_TIME if on <= campaign.deadline else LATE
    return MISSING if today > campaign.deadline else EXPECTED
