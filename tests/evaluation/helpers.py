"""Shared by the evaluation tests and the permission matrix."""

import datetime

from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.rules import Violation
from essaim.evaluation.validation import check_values


def put(innovation, code, raw, *, structure=None, end=datetime.date(2019, 3, 31)):
    """Store one value: a number, "nc" or "ne"."""
    kind, number = (raw, None) if raw in ("nc", "ne") else ("number", raw)
    return Value.objects.create(
        innovation=innovation,
        structure=structure,
        indicator=Indicator.objects.get(code=code),
        period_end=end,
        kind=kind,
        number=number,
    )


def violation_in(world):
    """One open violation on the world's own adoption: 40 back in work out of 36 people."""
    structure = world.own.structure
    put(world.innovation, "returns_to_employment", 40, structure=structure)
    put(world.innovation, "people_reached", 36, structure=structure)
    check_values(world.innovation)
    return Violation.objects.get(value__structure=structure)
