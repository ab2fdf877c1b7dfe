"""Small-cell suppression (statistical disclosure control) for the aggregates about people.

A table about people is a set of counts (cells) tied by additive relations (lines: a total and
its parts — the rows of a column add up to its total, the categories of a row add up to the people
observed, a cell of one table is the total of a breakdown in another). Publishing a small count
(1 to threshold − 1) can single someone out, and so can publishing everything around it: a
suppressed cell must not be derivable from the others, in one table or by differencing two.

`Protector` decides which cells to hide:

1. **Primary suppression**: every published count from 1 to `threshold − 1` (zeros are shown:
   they describe nobody).
2. **Complementary suppression**, line by line until nothing changes: a line holding a protected
   cell (a small one, or one hidden to protect another) must hide at least two cells, and when its
   total is shown the hidden parts must add up to at least `threshold` (otherwise their sum, which
   anyone can compute, is itself a small count). The smallest non-zero shown cell is hidden next
   (ties broken by key, so the same data always give the same pattern).
3. **Verification by linear algebra**: the lines form a system of equations whose unknowns are the
   hidden cells; a hidden cell is derivable by any combination of the published tables (differences
   of two tables included) exactly when it is fixed by that system, that is when it has no
   component in the system's null space (`scipy.linalg.null_space`). Any small cell still fixed
   gets one more complementary suppression, and the whole runs again. (A cell hidden only to
   protect others may turn out derivable: that is harmless as long as no small cell is.) A small
   cell that nothing can protect is reported in `unresolved`; callers then publish nothing.

Cells may be *hidden* (never published, such as what the viewer does not see): they count as
unknowns. Cells may be *locked*: their state was decided elsewhere (a figure already shown or hidden
in another table) and cannot change, so that every table the viewer reads agrees.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

SHOWN, SUPPRESSED, HIDDEN = "shown", "suppressed", "hidden"
TOLERANCE = 1e-9
MAX_ROUNDS = 200


@dataclass
class Cell:
    value: int
    state: str = SHOWN
    locked: bool = False


@dataclass
class Protector:
    threshold: int
    cells: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)
    protected: set = field(default_factory=set)
    unresolved: set = field(default_factory=set)
    lines_of: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, key, value, *, published=True, state=None):
        """A cell; `state` locks it in that state (decided elsewhere)."""
        if state is not None:
            self.cells[key] = Cell(int(value), state, locked=True)
        else:
            self.cells[key] = Cell(int(value), SHOWN if published else HIDDEN, locked=not published)
        return key

    def line(self, total, parts):
        """`total` = sum of `parts` (keys of cells already added)."""
        parts = [p for p in parts if p in self.cells]
        if total in self.cells and parts:
            line = (total, tuple(parts))
            self.lines.append(line)
            for key in (total, *parts):
                self.lines_of[key].append(line)

    def sensitive(self, key):
        return 0 < self.cells[key].value < self.threshold

    def solve(self):
        """Decide every cell's state; return the set of suppressed keys."""
        for key, cell in self.cells.items():
            if self.sensitive(key):
                if not cell.locked:
                    cell.state = SUPPRESSED
                if cell.state != SHOWN:
                    self.protected.add(key)
            elif cell.locked and cell.state == SUPPRESSED:
                self.protected.add(key)
        self.complete_lines(self.lines)
        for _ in range(MAX_ROUNDS):
            determined = self.determined()
            if not determined:
                break
            leaks = self.determined(every=True)
            hidden = [self.hide_more(key, leaks) for key in sorted(determined, key=repr)]
            if not any(hidden):
                self.unresolved |= determined
                break
            self.complete_lines([line for key in hidden if key for line in self.lines_of[key]])
        return {k for k, c in self.cells.items() if c.state == SUPPRESSED}

    # -- complementary suppression ------------------------------------------------------------
    def unknown(self, key):
        return self.cells[key].state != SHOWN

    def line_needs_more(self, total, parts):
        members = (total, *parts)
        unknown = [k for k in members if self.unknown(k)]
        if not any(k in self.protected for k in unknown):
            return False
        if len(unknown) < 2:
            return True
        if not self.unknown(total):
            return sum(self.cells[k].value for k in unknown) < self.threshold
        return False

    def candidate(self, total, parts):
        """The smallest non-zero shown cell of the line that may be hidden (parts first)."""
        free = [k for k in parts if not self.unknown(k) and not self.cells[k].locked and self.cells[k].value > 0]
        if free:
            return min(free, key=lambda k: (self.cells[k].value, repr(k)))
        cell = self.cells[total]
        if not self.unknown(total) and not cell.locked and cell.value > 0:
            return total
        return None

    def suppress(self, key):
        self.cells[key].state = SUPPRESSED
        self.protected.add(key)

    def complete_lines(self, lines):
        """Complementary suppression until every line is safe, re-checking only the lines of the
        cells hidden on the way."""
        pending = list(lines)
        while pending:
            total, parts = pending.pop()
            while self.line_needs_more(total, parts):
                key = self.candidate(total, parts)
                if key is None:
                    break
                self.suppress(key)
                pending.extend(self.lines_of[key])

    def hide_more(self, key, leaks):
        """One more suppression near the derivable small cell `key`: in one of its lines if one
        has a cell left to hide, else in the lines of the hidden cells that give it away (the
        derivable ones, `leaks`, reached from it through shared lines), nearest first. Returns
        the cell hidden, or None."""
        queue, seen = [key], {key}
        while queue:
            current = queue.pop(0)
            lines = sorted(
                self.lines_of[current], key=lambda line: sum(1 for k in (line[0], *line[1]) if self.unknown(k))
            )
            for total, parts in lines:
                other = self.candidate(total, parts)
                if other is not None:
                    self.suppress(other)
                    return other
            for total, parts in lines:
                for cell in (total, *parts):
                    if cell not in seen and self.unknown(cell) and cell in leaks:
                        seen.add(cell)
                        queue.append(cell)
        return None

    # -- verification -------------------------------------------------------------------------
    def determined(self, every=False):
        """Small hidden cells (`every`: all hidden cells) that the published cells and the
        lines fix exactly."""
        unknowns = [k for k, c in self.cells.items() if c.state != SHOWN]
        if not unknowns:
            return set()
        index = {k: i for i, k in enumerate(unknowns)}
        equations = []
        for total, parts in self.lines:
            row = defaultdict(float)
            if total in index:
                row[index[total]] -= 1.0
            for part in parts:
                if part in index:
                    row[index[part]] += 1.0
            if row:
                equations.append(dict(row))
        found = set()
        for variables, rows in components(equations):
            targets = [unknowns[v] for v in variables if every or self.sensitive(unknowns[v])]
            if not targets:
                continue
            position = {v: j for j, v in enumerate(variables)}
            matrix = np.zeros((len(rows), len(variables)))
            for i, row in enumerate(rows):
                for v, coefficient in row.items():
                    matrix[i, position[v]] = coefficient
            from scipy.linalg import null_space  # scipy loads slowly: only where it is used

            free = null_space(matrix)
            for v in variables:
                key = unknowns[v]
                wanted = every or self.sensitive(key)
                if wanted and (free.shape[1] == 0 or np.abs(free[position[v]]).max() < TOLERANCE):
                    found.add(key)
        return found


def components(equations):
    """Split the equations into independent systems (unknowns linked through shared equations);
    yield (sorted variables, equations). Unknowns in no equation cannot be derived: skipped."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in equations:
        variables = list(row)
        for v in variables[1:]:
            parent[find(v)] = find(variables[0])
        find(variables[0])
    groups = defaultdict(list)
    for row in equations:
        groups[find(next(iter(row)))].append(row)
    for rows in groups.values():
        variables = sorted({v for row in rows for v in row})
        yield variables, rows
