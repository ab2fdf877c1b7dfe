"""Cell rules shared by every export (CSV, XLSX) and undone by every import.

A spreadsheet runs a text cell starting with `=`, `+`, `-`, `@` (or a tab, a carriage
return) as a formula. Exports prefix such text with a single quote; plain numbers are left
alone. The rule is reversible: `unquote(neutralise(text)) == text` for every text, so an
export read back by an import gives the same data.

Exactly once each way: the writers neutralise (`export.csv_line` for CSV, `export.sheet_row` for
XLSX), so code that builds an export's rows hands them plain values; and what `neutralise`
returns is marked (`Neutralised`), so a cell neutralised before it reaches a writer is not
quoted a second time. On the way in, `rows.read_cell` unquotes every cell of every reader (CSV
and XLSX alike) once. A quote too many would otherwise come back as part of the text and gain
one more quote at every export → import → export.
"""

import re
from datetime import date, datetime
from decimal import Decimal

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def looks_like_formula(text):
    """True if a spreadsheet could run it: after any leading quotes, a trigger character."""
    head = text.lstrip(QUOTE)[:1]
    return head in FORMULA_TRIGGERS and not PLAIN_NUMBER.fullmatch(text)


class Neutralised(str):
    """Text that `neutralise` has made safe for a cell: neutralised again, it stays as it is."""

    __slots__ = ()


def neutralise(value):
    """A value ready for a cell: numbers as they are, dates in ISO, risky text quoted (once:
    text it returned before is given back unchanged)."""
    if isinstance(value, Neutralised):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return Neutralised(QUOTE + text if looks_like_formula(text) else text)


def unquote(text):
    """Undo `neutralise` on a cell read back: drop the one quote it added."""
    if text[:1] == QUOTE and looks_like_formula(text[1:]):
        return text[1:]
    return text
