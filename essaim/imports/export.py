"""The CSV writer every export uses: UTF-8 without BOM, comma, LF, deterministic quoting."""

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


def write_csv(path, header, rows):
    """Write a header and rows to `path`; return the number of data rows written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_line(header))
        for row in rows:
            handle.write(csv_line(row))
            count += 1
    return count
