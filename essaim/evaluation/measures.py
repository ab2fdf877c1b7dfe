"""Counts computed from the records as of a date, beside the consolidated indicators.

A *measure* is anything a published figure can be checked against: one of the counts below
(`COUNTS`) or an indicator code, whose figure comes from the consolidation engine. Every
measure answers with a `Cell`, so that a count and a consolidated figure read alike.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from essaim.core.figures import Cell, CellStatus
from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.swarming.enums import AFTER_TRAINING, AdoptionStatus
from essaim.swarming.models import StatusChange

# Each count's label: the same words wherever the figure is shown (tiles, tables, charts,
# exports). A consolidated indicator's label is its `Indicator.label`. Two different things
# counted never share a label: « structures essaimées » is the indicator the innovations
# declare (Annexe I), « structures suivies » the adoptions recorded here, expected on the day.
COUNTS = {
    "innovations": "Innovations accompagnées",
    "innovations_swarmed": "Innovations essaimées",
    "structures_followed": "Structures suivies",
    "departements": "Départements couverts",
    "regions": "Régions couvertes",
    "dropouts_selected": "Structures retenues pour l'essaimage",
    "dropouts_abandoned": "Structures retenues ayant abandonné",
    "trained": "Structures formées",
    "trained_abandoned": "Structures formées ayant abandonné",
    "trained_considering": "Structures formées envisageant la mise en œuvre",
    "trained_implementing": "Structures formées ayant mis l'innovation en œuvre",
    "trained_adapted": "Structures formées ayant adapté le déploiement (parcours passerelle)",
    "trained_paused": "Structures formées ayant mis la démarche en pause",
}

# What each count counts, in one sentence (« D'où vient ce chiffre »).
DEFINITIONS = {
    "innovations": "Innovations entrées dans l'accélérateur à cette date, sorties et pauses comprises.",
    "innovations_swarmed": "Innovations dont au moins une structure suivie est attendue à cette date.",
    "structures_followed": (
        "Structures dont l'essaimage est enregistré dans Essaim et qui, à cette date, sont retenues, "
        "formées, en déploiement ou en pause (ni candidates ni en abandon) : celles dont on attend "
        "les chiffres. Une structure qui essaime deux innovations compte une fois."
    ),
    "departements": "Départements où se trouve au moins une structure suivie à cette date.",
    "regions": "Régions où se trouve au moins une structure suivie à cette date.",
    "dropouts_selected": "Structures passées au-delà de la candidature à cette date.",
    "dropouts_abandoned": "Structures retenues dont le statut à cette date est « abandon ».",
    "trained": "Structures formées à cette date, quoi qu'elles soient devenues ensuite.",
}


def count_cell(n):
    return Cell(value=n, status=CellStatus.VALUE, reported=None, expected=None)


def innovations_entered(as_of):
    return Innovation.objects.filter(entered_on__lte=as_of)


def departements_covered(as_of, innovation=None, units=None):
    """The codes of the départements of the structures expected to report on `as_of` (those
    that began the innovation and neither are candidates nor abandoned on that day). `units`:
    `expected_units(as_of)`, already read."""
    return set(structures_by_departement(as_of, innovation, units))


def histories(as_of, innovation=None):
    """(innovation id, adoption id) → the statuses of the adoption's history up to `as_of`, in
    order (of one innovation's adoptions, when given). One query."""
    found = defaultdict(list)
    entries = StatusChange.objects.filter(on__lte=as_of).order_by("on", "id")
    if innovation is not None:
        entries = entries.filter(adoption__innovation=innovation)
    for adoption_id, innovation_id, status in entries.values_list("adoption_id", "adoption__innovation_id", "status"):
        found[(innovation_id, adoption_id)].append(status)
    return found


def dropouts(as_of, found=None):
    """innovation id → (selected, abandoned) as of a date: adoptions that reached any status
    past candidate by then, and of those the ones abandoned on that day. `found`: the
    `histories(as_of)` already read."""
    counts = defaultdict(lambda: [0, 0])
    for (innovation_id, _), statuses in (histories(as_of) if found is None else found).items():
        if any(s not in (AdoptionStatus.CANDIDATE, AdoptionStatus.ABANDONED) for s in statuses):
            counts[innovation_id][0] += 1
            if statuses[-1] == AdoptionStatus.ABANDONED:
                counts[innovation_id][1] += 1
    return {innovation_id: tuple(pair) for innovation_id, pair in counts.items()}


def after_training(as_of, found=None):
    """innovation id → Counter of the status on `as_of` of its adoptions trained by then (a
    « formée » entry dated on or before that day), whatever came next: the seeds' "of the 17
    trained, 4 abandoned, 6 consider it, 6 implemented it, 1 built a bridge path". `found`: the
    `histories(as_of)` already read."""
    counts = defaultdict(Counter)
    for (innovation_id, _), statuses in (histories(as_of) if found is None else found).items():
        if AdoptionStatus.TRAINED in statuses:
            counts[innovation_id][statuses[-1]] += 1
    return counts


def remembered(memo, read, as_of):
    """`read(as_of)` (histories, expected_units), read once per `memo`, a dict the caller keeps
    for several counts on the same date; read every time when `memo` is None."""
    if memo is None:
        return read(as_of)
    if (read.__name__, as_of) not in memo:
        memo[read.__name__, as_of] = read(as_of)
    return memo[read.__name__, as_of]


def count(code, as_of, innovation=None, memo=None):
    """The Cell of one of COUNTS, for an innovation or the whole programme. `memo` (a dict kept
    by the caller) lets several counts on the same date read the status history and the
    expected structures once."""

    def read_histories():
        return remembered(memo, histories, as_of)

    def read_units():
        return remembered(memo, expected_units, as_of)

    if code == "innovations":
        qs = innovations_entered(as_of)
        return count_cell(qs.filter(pk=innovation.pk).count() if innovation else qs.count())
    if code == "innovations_swarmed":
        units = read_units()
        if innovation:
            return count_cell(1 if units.get(innovation.pk) else 0)
        return count_cell(sum(1 for structures in units.values() if structures))
    if code == "structures_followed":
        units = read_units()
        if innovation:
            return count_cell(len(units.get(innovation.pk, ())))
        return count_cell(len(set().union(*units.values())) if units else 0)
    if code == "departements":
        return count_cell(len(departements_covered(as_of, innovation, read_units())))
    if code == "regions":
        units = read_units()
        ids = units.get(innovation.pk, set()) if innovation else set().union(*units.values()) if units else set()
        placed = Structure.objects.filter(pk__in=ids, departement__isnull=False)
        return count_cell(placed.values("departement__region").distinct().count())
    if code in ("dropouts_selected", "dropouts_abandoned"):
        position = 0 if code == "dropouts_selected" else 1
        pairs = dropouts(as_of, read_histories())
        if innovation:
            return count_cell(pairs.get(innovation.pk, (0, 0))[position])
        return count_cell(sum(pair[position] for pair in pairs.values()))
    if code == "trained" or code.startswith("trained_"):
        status = code.removeprefix("trained").removeprefix("_")
        counters = after_training(as_of, read_histories())
        counters = [counters.get(innovation.pk, Counter())] if innovation else list(counters.values())
        return count_cell(sum(c[status] if status else c.total() for c in counters))
    raise KeyError(code)


@dataclass
class AdoptionLife:
    """An innovation's adoptions on a day, as its page tells them: how many were trained and
    what each makes of it now, the structures still in the programme, the drop-outs."""

    as_of: object
    trained: int
    after_training: list  # [(status, label, n)] in the seeds' order, statuses with none left out
    still_in: int  # structures expected to report (the engine's expected_units)
    selected: int
    abandoned: int

    @property
    def dropout_rate(self):
        return round(100 * self.abandoned / self.selected) if self.selected else None


def adoption_life(innovation, as_of, units=None):
    """The AdoptionLife of one innovation on `as_of`. `units`: `expected_units(as_of,
    [innovation.pk])`, already read."""
    found = histories(as_of, innovation)
    counter = after_training(as_of, found).get(innovation.pk, Counter())
    parts = [(status, labels[counter[status] > 1], counter[status]) for status, labels in AFTER_TRAINING.items()]
    selected, abandoned = dropouts(as_of, found).get(innovation.pk, (0, 0))
    return AdoptionLife(
        as_of=as_of,
        trained=counter.total(),
        after_training=[part for part in parts if part[2]],
        still_in=len((expected_units(as_of, [innovation.pk]) if units is None else units).get(innovation.pk, ())),
        selected=selected,
        abandoned=abandoned,
    )


def statuses_on(as_of):
    """innovation id → Counter of its adoptions' statuses on `as_of` (adoptions begun by then,
    with at least one dated status)."""
    latest = {}
    entries = StatusChange.objects.filter(on__lte=as_of, adoption__since__lte=as_of).order_by("on", "id")
    for adoption_id, innovation_id, status in entries.values_list("adoption_id", "adoption__innovation_id", "status"):
        latest[adoption_id] = (innovation_id, status)
    counts = defaultdict(Counter)
    for innovation_id, status in latest.values():
        counts[innovation_id][status] += 1
    return counts


def structures_by_departement(as_of, innovation=None, units=None):
    """département code → number of structures expected on `as_of` (of one innovation, or of
    the programme, each structure once). `units`: `expected_units(as_of)`, already read."""
    units = expected_units(as_of) if units is None else units
    ids = units.get(innovation.pk, set()) if innovation else set().union(*units.values()) if units else set()
    codes = Structure.objects.filter(pk__in=ids, departement__isnull=False).values_list("departement__code", flat=True)
    return dict(Counter(codes))


def label(code, indicators=None):
    """The label of a measure, the same on every page: a count's (COUNTS) or the indicator's.
    `indicators`: code → Indicator, already read."""
    if code in COUNTS:
        return COUNTS[code]
    indicator = (indicators or {}).get(code) or Indicator.objects.filter(code=code).first()
    return indicator.label if indicator else code


def definition(code, indicators=None):
    """What a measure counts, in one sentence: a count's definition or the indicator's description."""
    if code in COUNTS:
        return DEFINITIONS.get(code, "")
    indicator = (indicators or {}).get(code) or Indicator.objects.filter(code=code).first()
    return indicator.description if indicator else ""


def measure_codes():
    """Every code a published figure may name as its measure."""
    return set(COUNTS) | set(Indicator.objects.values_list("code", flat=True))
