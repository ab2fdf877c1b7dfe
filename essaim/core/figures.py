"""A figure as every page, export and chart shows it: a number, or why there is none.

Missing is data: a figure is a number (complete or partial), nc (not communicated), ne (not
evaluated) or missing (nothing reported), never 0. The consolidation engine
(essaim/evaluation/consolidation.py) makes `Cell`s; the presentation primitives write them.
"""

from dataclasses import dataclass

from django.db import models


class CellStatus(models.TextChoices):
    VALUE = "value", "Complet"
    PARTIAL = "partial", "Partiel"
    NC = "nc", "Non communiqué"
    NE = "ne", "Non évalué"
    MISSING = "missing", "Manquant"


@dataclass
class Cell:
    value: int | float | None = None
    status: str = CellStatus.MISSING
    reported: int | None = 0
    expected: int | None = 0
    source: str | None = None
    nc: int = 0
    ne: int = 0
    # The units' answers (numbers, nc and ne) and how many of them rest on validated values only
    # (evaluation/entry.py's review); None for a computed cell.
    answers: int | None = None
    validated: int | None = None
    # The units that left a period a collection campaign expected without a value (a `sum`
    # indicator: their total misses that period, and the cell is partial).
    gaps: int = 0

    @property
    def has_number(self):
        return self.value is not None

    @property
    def validated_share(self):
        """The share of validated answers, in whole percent; None without answers."""
        if not self.answers or self.validated is None:
            return None
        return round(100 * self.validated / self.answers)

    @property
    def status_label(self):
        return CellStatus(self.status).label

    def as_dict(self):
        return {
            "value": self.value,
            "status": str(self.status),
            "reported": self.reported,
            "expected": self.expected,
            "source": self.source,
        }
