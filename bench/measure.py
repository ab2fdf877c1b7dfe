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

    @property
    def median(self):
        return statistics.median(self.runs)

    @property
    def verdict(self):
        if self.target is None:
            return "—"
        if self.median <= self.target:
            return "atteint"
        return "manqué" if self.median <= 2 * self.target else "ÉCHEC (> 2 × cible)"

    @property
    def failed(self):
        return self.target is not None and self.median > 2 * self.target


def timed(function, repeat=5):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return runs
