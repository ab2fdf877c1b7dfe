"""Readers: a file becomes a `Table` whose records are (row number, {column: raw text}).

Row numbers are those a spreadsheet shows: the header is row 1. Column names are trimmed and
lower-cased. A reader knows nothing of what the columns mean; `rows.read_rows` does.
`read_csv` reads CSV as French Excel writes it; another format plugs in through `READERS`.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from essaim.imports.errors import RowError, TableError

# Tried in this order; cp1252 is what Excel calls "CSV (séparateur : point-virgule)" in France.
ENCODINGS = [("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "ISO-8859-1")]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
C1_CONTROL = re.compile(r"[\x80-\x9f]")
SAVE_AS_UTF8 = "enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »"


@dataclass
class Table:
    name: str
    encoding: str
    header: list[str]
    records: Iterator[tuple[int, dict[str, str]]]

    @property
    def columns(self):
        return [normalise(h) for h in self.header]


def normalise(column):
    return column.strip().lower()


def decode(data, name):
    """Return (text, encoding label); UTF-8 first, then cp1252 and latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise unreadable(name, f"encodage non reconnu (UTF-16) : {SAVE_AS_UTF8}")
    for encoding, label in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text) or (encoding == "latin-1" and C1_CONTROL.search(text)):
            raise unreadable(name, f"encodage non reconnu (caractères de contrôle) : {SAVE_AS_UTF8}")
        if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            label = "UTF-8 avec BOM"
        return text, label
    raise unreadable(name, f"encodage non reconnu : {SAVE_AS_UTF8}")  # pragma: no cover (latin-1 reads all)


def unreadable(name, message, row=None):
    return TableError([RowError(name, row, None, message)])


def sniff_delimiter(text):
    """Semicolon if the header line has more semicolons than commas (French Excel), else comma."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(path, name=None):
    """Open a CSV file as a Table; raise TableError if it cannot be read at all."""
    path = Path(path)
    name = name or path.name
    return csv_table(path.read_bytes(), name)


def lines(text):
    """The lines of `text`, line ends kept, without copying it whole (a file of a million rows
    stays one string); a file with old Mac line ends (CR alone) is split on them."""
    if "\n" not in text:
        yield from io.StringIO(text, newline="")
        return
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end == -1 else end + 1
        yield text[start:end]
        start = end


def csv_table(data, name):
    text, encoding = decode(data, name)
    del data  # the decoded text is enough
    if not text.strip():
        raise unreadable(name, "fichier vide : il faut au moins la ligne d'en-tête.")
    reader = csv.reader(lines(text), delimiter=sniff_delimiter(text), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise unreadable(name, f"ligne d'en-tête illisible ({error}).", row=1) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise unreadable(name, "ligne d'en-tête vide : la première ligne nomme les colonnes.", row=1)
    return Table(name=name, encoding=encoding, header=header, records=csv_records(reader, header, name))


def csv_records(reader, header, name):
    columns = [normalise(h) for h in header]
    width = len(columns)
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise unreadable(name, csv_problem(error), row=number + 1) from None
        number += 1
        if not "".join(cells).strip():
            continue
        record = dict(zip(columns, cells, strict=False))
        if len(cells) > width:
            record[""] = " ".join(c for c in [record.get(""), *cells[width:]] if c and c.strip())
        yield number, record


def csv_problem(error):
    if "field larger than field limit" in str(error):
        return f"cellule de plus de {csv.field_size_limit():,} caractères : le fichier est illisible.".replace(
            ",", "\u202f"
        )
    return f"guillemets mal fermés ou cellule illisible ({error})."


READERS = {".csv": read_csv}


def open_table(path):
    """Open a file with the reader of its extension."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise unreadable(path.name, f"format non pris en charge (attendu : {', '.join(sorted(READERS))}).")
    return reader(path)
