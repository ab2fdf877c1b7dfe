"""Timing helpers: the median of several runs, with min and max."""

import statistics
import time
from dataclasses import dataclass


@dataclass
class Measure:
    name: str
    runs: list
    target: float | None
    unit: str = "s"
    higher_is_better: bool = False

    @property
    def median(self):
        return statistics.median(self.runs)

    def within(self, factor):
        """Whether the median is at least as good as `factor` times the target."""
        if self.higher_is_better:
            return self.median >= self.target / factor
        return self.median <= self.target * factor

    @property
    def verdict(self):
        if self.target is None:
            return "—"
        if self.within(1):
            return "atteint"
        return "manqué" if self.within(2) else "ÉCHEC (> 2 × cible)"

    @property
    def failed(self):
        return self.target is not None and not self.within(2)


def timed(function, repeat=5):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return runs
