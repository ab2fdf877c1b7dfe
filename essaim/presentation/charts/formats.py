"""Values as a reader sees them: French numbers, the nc / ne / — marks and their key, and the
data-table alternative every chart carries."""

from dataclasses import dataclass
from decimal import Decimal

MISSING = {"nc": "non communiqué", "ne": "non évalué", None: "non déclaré"}
NOTES = {
    "nc": "nc : non communiqué — ce n'est pas zéro",
    "ne": "ne : non évalué à ce stade",
    None: "— : rien n'a été déclaré",
    "partial": "* : total partiel, une partie n'a pas donné de nombre",
}
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator


def is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def missing_key(value):
    """ "nc" or "ne" for those, None for any other value without a number."""
    return value if value in ("nc", "ne") else None


def format_number(value, decimals=None):
    """French writing of a number: 1 058, 12,5, −3. Up to two decimals unless told."""
    value = float(value)
    if decimals is None:
        decimals = next(d for d in (0, 1, 2) if round(value, d) == round(value, 2))
    digits = f"{abs(value):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return "\u2212" + digits if value < 0 and digits.strip("0,") else digits


def short_unit(unit):
    """Units such as % or € follow every number; longer ones (personnes) name an axis or a column."""
    return unit if len(unit) <= 2 else ""


def with_unit(header, unit):
    return f"{header} ({unit})" if unit and not short_unit(unit) else header


def format_value(value, unit="", partial=False):
    """A value as a reader sees it: a number (with its unit), « nc », « ne », or « — »."""
    if not is_number(value):
        return value if value in ("nc", "ne") else "—"
    return format_number(value) + (f"{NNBSP}{unit}" if unit else "") + (" *" if partial else "")


def format_date(day):
    return day.strftime("%d/%m/%Y")


def value_of(cell):
    """A consolidation cell (consolidation.Cell) as a chart value: its number, else nc / ne / None."""
    if cell.value is not None:
        return cell.value
    return missing_key(str(cell.status))


def reading_note(values, partial=False):
    """The key to the marks a chart shows (nc, ne, —, *), or "" when it shows none."""
    shown = {missing_key(v) for v in values if not is_number(v)}
    keys = [k for k in ("nc", "ne", None) if k in shown] + (["partial"] if partial else [])
    return " ; ".join(NOTES[k] for k in keys) + "." if keys else ""


def missing_summary(values):
    """For a description: how many values have no number, by kind."""
    counts = {k: sum(1 for v in values if not is_number(v) and missing_key(v) == k) for k in MISSING}
    parts = [f"{c} {MISSING[k]}{'s' if c > 1 else ''}" for k, c in counts.items() if c]
    return f" Sans nombre : {', '.join(parts)} (ce n'est pas zéro)." if parts else ""


@dataclass(frozen=True)
class DataTable:
    """The data-table alternative of a chart: header, rows of text, which columns are numbers."""

    header: list
    rows: list
    numeric: list

    @property
    def marked_header(self):
        """(label, is_numeric) pairs, for templates."""
        return list(zip(self.header, self.numeric, strict=True))

    @property
    def marked_rows(self):
        """Rows of (text, is_numeric) pairs, for templates."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]
