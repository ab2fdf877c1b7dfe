"""Where a consolidated figure comes from: the values one cell of the table used.

The engine adds figures up in bulk and keeps no trace of the rows it read; a reader who
clicks a figure wants those rows, with their sources. This module selects them for one
innovation × indicator by the engine's rules (docs/consolidation.md): a value for the innovation
as a whole supersedes the structures; `last` takes each unit's latest value, `sum` every value
of the period; only the structures expected on the date count. The tests check that the numbers
listed here add up to the engine's figure.
"""

from dataclasses import dataclass, field

from essaim.evaluation.consolidation import SOURCE_INNOVATION, SOURCE_STRUCTURES, expected_units
from essaim.evaluation.enums import Aggregation, ValueKind
from essaim.evaluation.models import Indicator, Value
from essaim.organizations.models import Structure


@dataclass
class Provenance:
    indicator: Indicator
    source: str | None = None  # SOURCE_INNOVATION or SOURCE_STRUCTURES
    values: list = field(default_factory=list)
    silent: list = field(default_factory=list)  # expected structures that reported nothing

    @property
    def sources(self):
        """The documents the values cite, each once, in order of first use."""
        seen = {}
        for value in self.values:
            if value.source_id and value.source_id not in seen:
                seen[value.source_id] = value.source
        return list(seen.values())

    @property
    def numbers_total(self):
        return sum(v.number for v in self.values if v.kind == ValueKind.NUMBER)


def in_period(values, indicator, as_of, start):
    values = values.filter(indicator=indicator, period_end__lte=as_of)
    if indicator.aggregation == Aggregation.SUM and start is not None:
        values = values.filter(period_end__gte=start)
    return values.select_related("structure", "source").order_by("structure__sort_name", "structure_id", "-period_end")


def latest_per_unit(values):
    kept, seen = [], set()
    for value in values:  # ordered by unit, then latest period end first
        if value.structure_id not in seen:
            seen.add(value.structure_id)
            kept.append(value)
    return kept


def cell_provenance(innovation, indicator, as_of, *, start=None, units=None):
    """The values behind one base indicator's cell. `units`: expected_units(as_of), when the
    caller already has it."""
    if indicator.is_derived:
        raise ValueError("Un indicateur calculé n'a pas de valeurs propres : voir ses opérandes.")
    units = expected_units(as_of) if units is None else units
    values = Value.objects.filter(innovation=innovation)
    whole = list(in_period(values.filter(structure__isnull=True), indicator, as_of, start))
    if whole:
        chosen = whole[:1] if indicator.aggregation == Aggregation.LAST else whole
        return Provenance(indicator, SOURCE_INNOVATION, chosen)
    expected = units.get(innovation.pk, set())
    # Every structure that reported counts, expected on the date or not (docs/consolidation.md).
    rows = list(in_period(values.filter(structure__isnull=False), indicator, as_of, start))
    if indicator.aggregation == Aggregation.LAST:
        rows = latest_per_unit(rows)
    reporting = {v.structure_id for v in rows}
    silent = list(Structure.objects.filter(pk__in=expected - reporting))
    return Provenance(indicator, SOURCE_STRUCTURES if rows else None, rows, silent)
