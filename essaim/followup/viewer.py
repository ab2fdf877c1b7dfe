"""Who reads the cohort outcomes (`Viewer`: every count as it is, or protected) and what they
read: a count or a secret (`Figure`), a share with its 95 % interval (`Share`).
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings

from essaim.followup import estimators


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
