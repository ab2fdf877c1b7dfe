"""Two consolidated tables side by side: what changed between two dates."""

from dataclasses import dataclass

from essaim.core.figures import Cell


@dataclass
class Change:
    before: object  # Cell
    after: object  # Cell

    @property
    def difference(self):
        """after − before when both have a number; None otherwise (nc, ne, missing)."""
        if self.before.has_number and self.after.has_number:
            return round(self.after.value - self.before.value, 1)
        return None


def compare(before, after):
    """Rows (innovation, [(indicator, Change)]) over the innovations of either table, then the
    total row (innovation None)."""
    earlier = {row.innovation.pk: row for row in before.rows}
    later = {row.innovation.pk: row for row in after.rows}
    innovations = {row.innovation.pk: row.innovation for row in [*before.rows, *after.rows]}
    ordered = sorted(innovations.values(), key=lambda i: (i.entered_on is None, i.entered_on, i.code))
    rows = []
    for innovation in ordered:
        a, b = earlier.get(innovation.pk), later.get(innovation.pk)
        changes = [
            (
                indicator,
                Change(a.cells[indicator.code] if a else Cell(), b.cells[indicator.code] if b else Cell()),
            )
            for indicator in after.indicators
        ]
        rows.append({"innovation": innovation, "changes": changes})
    total = [(i, Change(before.total[i.code], after.total[i.code])) for i in after.indicators]
    rows.append({"innovation": None, "changes": total})
    return rows
