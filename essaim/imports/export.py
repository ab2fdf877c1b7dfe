"""The writers every export uses: CSV (UTF-8 without BOM, comma, LF, deterministic quoting) and
the rows of an XLSX sheet. Both neutralise formula-like text (`cells.neutralise`): give them plain
values."""

from pathlib import Path

from essaim.imports.cells import neutralise

NEEDS_QUOTES = frozenset(',"\r\n')


def csv_cell(value):
    text = str(neutralise(value))
    if NEEDS_QUOTES.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells):
    return ",".join(csv_cell(c) for c in cells) + "\n"


def sheet_row(cells):
    """A row for an openpyxl sheet (`sheet.append`): each cell neutralised, an empty one (None or
    "") left empty. A line break is written as the one an XLSX cell keeps (LF): its XML turns
    a carriage return into a line feed on reading."""
    return [None if c is None or c == "" else neutralise(sheet_text(c)) for c in cells]


def sheet_text(value):
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def write_csv(path, header, rows):
    """Write a header and rows to `path`; return the number of data rows written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_line(header))
        for row in rows:
            handle.write(csv_line(row))
            count += 1
    return count
