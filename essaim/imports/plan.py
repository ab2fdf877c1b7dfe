"""What a run does (or would do, in a dry run) to each record: new, updated or unchanged."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    NEW = "nouveau"
    UPDATED = "modifié"
    UNCHANGED = "inchangé"

    def counted(self, n):
        plural = {"nouveau": "nouveaux", "modifié": "modifiés", "inchangé": "inchangés"}[self.value]
        return f"{n} {plural if n > 1 else self.value}"


@dataclass(frozen=True, slots=True)
class Change:
    file: str
    row: int
    key: str
    outcome: Outcome
    fields: tuple[str, ...] = ()

    def __str__(self):
        fields = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.file}, ligne {self.row} : {self.key} — {self.outcome}{fields}"


class Plan:
    """Counts per file and outcome, and the detail of every new or updated record (the first
    `detail_limit` per file; beyond, only the counts)."""

    def __init__(self, detail_limit=10_000):
        self.counts = defaultdict(Counter)
        self.changes = []
        self.detail_limit = detail_limit
        self.truncated = set()

    def add(self, file, row, key, outcome, fields=()):
        """Count one record; keep its detail if new or updated. `key` may be a function, called
        only when the detail is kept (large files describe their first rows only)."""
        counts = self.counts[file]
        counts[outcome] += 1
        if outcome is Outcome.UNCHANGED:
            return
        if counts[Outcome.NEW] + counts[Outcome.UPDATED] > self.detail_limit:
            self.truncated.add(file)
            return
        self.changes.append(Change(file, row, key() if callable(key) else key, outcome, tuple(fields)))

    def tally(self, file, outcome, n):
        """Count `n` records without their detail (a staged import lists its first changes with
        `add`, in row order, then counts the rest here)."""
        counts = self.counts[file]
        counts[outcome] += n
        if outcome is not Outcome.UNCHANGED and counts[Outcome.NEW] + counts[Outcome.UPDATED] > self.detail_limit:
            self.truncated.add(file)

    def count(self, file, outcome):
        return self.counts[file][outcome]

    def outcome_of(self, file, key):
        """The outcome of one record by its key as `add` received it (unchanged if not listed)."""
        for change in self.changes:
            if change.file == file and change.key == key:
                return change.outcome
        return Outcome.UNCHANGED

    @property
    def changed(self):
        return any(c[Outcome.NEW] or c[Outcome.UPDATED] for c in self.counts.values())

    def summary(self, file):
        counts = self.counts[file]
        return ", ".join(o.counted(counts[o]) for o in Outcome)
