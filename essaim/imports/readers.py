"""Readers: a file becomes a `Table` whose records are (row number, {column: raw text}).

Row numbers are those a spreadsheet shows: the header is row 1. Column names are trimmed and
lower-cased. A reader knows nothing of what the columns mean; `rows.read_rows` does.
`read_csv` reads CSV as French Excel writes it, `read_xlsx` an Excel workbook (one sheet); another
format plugs in through `READERS`. A reader is `reader(path, name=None, sheet=None)`: `name` is
how errors name the file (default: its file name), `sheet` which sheet of a workbook to read.
"""

import codecs
import csv
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
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
    written: dict[str, str] = field(default_factory=dict)  # column name → header as the file wrote it

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


def read_csv(path, name=None, sheet=None):
    """Open a CSV file as a Table; raise TableError if it cannot be read at all. A CSV file holds
    one table: `sheet` is accepted, like every reader, and has no effect."""
    path = Path(path)
    name = name or path.name
    return csv_table(path.read_bytes(), name)


def lines(text, block=1 << 20):
    """The lines of `text`, line ends kept, without copying it whole (a file of a million rows
    stays one string: it is split a block of about `block` characters at a time); a file with
    old Mac line ends (CR alone) is split on them."""
    if "\n" not in text:
        yield from io.StringIO(text, newline="")
        return
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + block)
        end = size if end == -1 else end + 1
        parts = text[start:end].split("\n")
        last = parts.pop()  # after the block's last line end: empty, or the file's last line
        yield from [part + "\n" for part in parts]
        if last:
            yield last
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
    delimiter = reader.dialect.delimiter
    records = Records(
        header,
        batches=CsvBatches(reader, name),
        by_column=lambda: csv_columns(text, delimiter, len(header)),
    )
    return Table(name=name, encoding=encoding, header=header, records=records)


@dataclass
class Columns:
    """A file's rows after the header, column by column: `count` rows, numbered 2 to count + 1
    unless `numbers` (a numpy array) says otherwise, and for each column of the header (distinct
    cells, index of each row's cell among them as a numpy array)."""

    count: int
    cells: list
    numbers: object = None

    def row_numbers(self):
        import numpy

        if self.numbers is None:
            return numpy.arange(2, self.count + 2, dtype=numpy.int32)
        return self.numbers

    def without(self, rows):
        """These columns without the rows at the positions `rows` (a numpy boolean mask); each
        column keeps only the distinct cells its remaining rows hold."""
        import numpy

        kept = ~rows
        cells = []
        for distinct, indices in self.cells:
            used, remaining = numpy.unique(indices[kept], return_inverse=True)
            cells.append(([distinct[i] for i in used.tolist()], remaining.astype(indices.dtype, copy=False)))
        return Columns(int(kept.sum()), cells, self.row_numbers()[kept])


def csv_columns(text, delimiter, width):
    """The rows of a CSV file as `Columns`, read by Arrow's CSV reader (in C);
    None when the csv module might read the file otherwise, and the caller reads it row by row:
    a quote (the two modules differ on a badly closed one), a carriage return that does not end
    a line, a blank row (skipped, its number kept), a row shorter or longer than the header, a
    cell over the csv module's size limit. The csv module, which reads any file, remains the
    reference: on the files Arrow reads, both give the same cells."""
    if '"' in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    data = text.encode()
    start = data.find(b"\n") + 1
    if not start or start == len(data):
        return None
    import numpy
    import pyarrow
    from pyarrow import compute
    from pyarrow import csv as arrow_csv

    names = [f"c{n}" for n in range(width)]
    try:
        table = arrow_csv.read_csv(
            pyarrow.py_buffer(data)[start:],  # the rows after the header, without a copy
            # One thread: as fast here, and the memory the threads would hold stays free.
            read_options=arrow_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pyarrow.string()), strings_can_be_null=False
            ),
        )
        del data
        limit, blank_rows, cells = csv.field_size_limit(), None, []
        for name in names:
            encoded = compute.dictionary_encode(table.column(name).combine_chunks())
            distinct, indices = encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False)
            if any(len(cell) > limit for cell in distinct):
                return None
            blanks = numpy.array([blank((cell,)) for cell in distinct], dtype=bool)[indices]
            blank_rows = blanks if blank_rows is None else blank_rows & blanks
            cells.append((distinct, indices))
    except pyarrow.ArrowException:  # a row of the wrong length, a line longer than Arrow's blocks…
        return None
    count = table.num_rows
    del table
    pyarrow.default_memory_pool().release_unused()  # the text of the cells, read
    if blank_rows.any():
        return None
    return Columns(count, cells)


class CsvBatches:
    """The non-blank rows after the header, `size` at a time, as (row numbers, [cells]): the csv
    module reads a batch in one call, and only a row whose first cell is empty or blank is looked
    at whole. A file that breaks halfway gives the rows before the break, then its error."""

    def __init__(self, reader, name):
        self.reader, self.name, self.number = reader, name, 1

    def __call__(self, size):
        while True:
            rows, error = [], None
            try:
                rows.extend(itertools.islice(self.reader, size))
            except csv.Error as problem:  # the rows read before it are in `rows`
                error = unreadable(self.name, csv_problem(problem), row=self.number + len(rows) + 1)
            read, first = len(rows), self.number + 1
            self.number += read
            numbers = range(first, first + read)
            suspects = [i for i, cells in enumerate(rows) if not cells or not cells[0] or cells[0].isspace()]
            blanks = {i for i in suspects if blank(rows[i])}
            if blanks:
                numbers = [n for i, n in enumerate(numbers) if i not in blanks]
                rows = [cells for i, cells in enumerate(rows) if i not in blanks]
            if rows:
                yield list(numbers), rows
            if error is not None:
                raise error
            if read < size:
                return


def slices(rows, size):
    """Lists of up to `size` items of `rows`; a file that breaks halfway (TableError) gives the
    rows before the break, then its error."""
    rows = iter(rows)
    while True:
        batch = []
        try:
            batch.extend(itertools.islice(rows, size))
        except TableError:
            if batch:
                yield batch
            raise
        if batch:
            yield batch
        if len(batch) < size:
            return


# How many rows a reader reads ahead when its rows are taken one at a time.
ROWS_AHEAD = 1_000


class Records:
    """A reader's records: iterated, (row number, {column: text}) for each non-blank row.

    Made from `rows`, which yields (row number, [cells]) for each non-blank row, or from
    `batches`, a function of a size giving the same rows that many at a time as (row numbers,
    [cells]). `raw()` gives the rows as (row number, [cells in header order]) and
    `batches(size)` as batches, without building a dict per row, for a caller that reads a
    million rows (`staging.Stage`); a row may be shorter than the header, or longer (cells
    beyond it). Either way is read once. `by_column`, when the reader has one, gives the rows
    as `Columns` instead, or None for a file it leaves to the other ways (`column_wise()`)."""

    def __init__(self, header, rows=None, batches=None, by_column=None):
        self.columns = [normalise(h) for h in header]
        self.rows = rows
        self.batched = batches
        self.by_column = by_column
        self.records = None

    def column_wise(self):
        """The rows as `Columns`, or None (no such reader, the file is not one it reads, or
        rows were already taken)."""
        if self.by_column is None or self.rows is not None or self.records is not None:
            return None
        return self.by_column()

    def __iter__(self):
        return self

    def __next__(self):
        if self.records is None:
            columns, width = self.columns, len(self.columns)
            self.records = ((number, make_record(columns, width, cells)) for number, cells in self.raw())
        return next(self.records)

    def raw(self):
        if self.rows is None:
            self.rows = (row for numbers, rows in self.batched(ROWS_AHEAD) for row in zip(numbers, rows, strict=True))
        return self.rows

    def set_aside(self, names, aside):
        """Leave out the rows whose cells of the columns `names` are all blank (a column the
        file lacks is blank): each goes to the list `aside` as (row number, {column: text}) as
        the rows are read, whichever way they are read. Called before any row is read."""
        columns, width = self.columns, len(self.columns)
        positions = [columns.index(name) for name in names if name in columns]

        def filled(cells):
            return any(p < len(cells) and cells[p] and not cells[p].isspace() for p in positions)

        def kept(rows):
            for number, cells in rows:
                if filled(cells):
                    yield number, cells
                else:
                    aside.append((number, make_record(columns, width, cells)))

        def kept_batches(batches, size):
            for numbers, rows in batches(size):
                pairs = list(kept(zip(numbers, rows, strict=True)))
                if pairs:
                    yield [number for number, _ in pairs], [cells for _, cells in pairs]

        if self.rows is not None:
            self.rows = kept(self.rows)
        if self.batched is not None:
            self.batched = partial(kept_batches, self.batched)
        if self.by_column is not None:
            by_column = self.by_column
            self.by_column = lambda: self.aside_columns(by_column(), positions, aside)

    def aside_columns(self, found, positions, aside):
        """`set_aside` on rows read column by column (`Columns`, or None)."""
        if found is None:
            return None
        import numpy

        blank_rows = numpy.ones(found.count, dtype=bool)
        for position in positions:
            distinct, indices = found.cells[position]
            blank_rows &= numpy.array([not cell or cell.isspace() for cell in distinct], dtype=bool)[indices]
        if not blank_rows.any():
            return found
        numbers = found.row_numbers()
        width = len(self.columns)
        for index in numpy.flatnonzero(blank_rows).tolist():
            cells = [distinct[indices[index]] for distinct, indices in found.cells]
            aside.append((int(numbers[index]), make_record(self.columns, width, cells)))
        return found.without(blank_rows)

    def batches(self, size):
        self.by_column = None  # rows taken: not to be given again column by column
        if self.batched is not None and self.rows is None:
            return self.batched(size)
        return self.sliced(size)

    def sliced(self, size):
        for batch in slices(self.raw(), size):
            numbers, rows = zip(*batch, strict=True)
            yield list(numbers), list(rows)


def blank(cells):
    joined = "".join(cells)
    return not joined or joined.isspace()


def make_record(columns, width, cells):
    """{column: text} for one non-blank row; cells beyond the header go to ""."""
    record = dict(zip(columns, cells))  # noqa: B905 (a short row leaves its last columns out)
    if len(cells) > width:
        record[""] = " ".join(c for c in [record.get(""), *cells[width:]] if c and c.strip())
    return record


def csv_problem(error):
    if "field larger than field limit" in str(error):
        return f"cellule de plus de {csv.field_size_limit():,} caractères : le fichier est illisible.".replace(
            ",", "\u202f"
        )
    return f"guillemets mal fermés ou cellule illisible ({error})."


# An .xlsx file is a zip archive of XML parts: a few hundred kilobytes of zip can unpack to
# hundreds of megabytes and hold a worker for minutes. Before anything parses it, its unpacked size
# and the rows of each sheet are checked against settings.ESSAIM_XLSX_MAX_UNPACKED_MB and
# ESSAIM_XLSX_MAX_ROWS (`check_workbook`), by reading the sheets' XML as a stream: a size the
# archive declares falsely gains nothing.
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
CHUNK = 1024 * 1024
NOT_XLSX = (
    "ce fichier n'est pas un classeur Excel lisible : ouvrez-le dans Excel ou LibreOffice et "
    "enregistrez-le au format « Classeur Excel (.xlsx) »."
)


def read_xlsx(path, name=None, sheet=None):
    """Open one sheet of an Excel workbook (.xlsx) as a Table: the sheet called `sheet` when the
    workbook has one, else its first sheet. Cells come out as the text a CSV export would hold:
    whole numbers without decimals (12.0 → "12"), dates as AAAA-MM-JJ, a formula as the result
    the spreadsheet last computed. Raise TableError for a file that is not a readable workbook.

    The sheet is read by calamine (python-calamine, a compiled reader about ten times faster than
    openpyxl's read-only mode: 100 000 rows in about half a second), after `check_workbook` has
    bounded its size; openpyxl still writes the workbooks Essaim makes."""
    from python_calamine import CalamineWorkbook  # only when a workbook is read

    path = Path(path)
    name = name or path.name
    check_workbook(path, name)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise unreadable(name, "classeur sans feuille de calcul.")
        chosen = sheet if sheet in names else names[0]
        cells = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except TableError:
        raise
    except Exception:  # calamine raises its own errors on a broken or foreign archive
        raise unreadable(name, NOT_XLSX) from None
    finally:
        if "workbook" in locals():
            workbook.close()
    rows = (trimmed([cell_text(value) for value in row]) for row in cells)
    header = next(rows, None)
    if header is None:
        raise unreadable(name, "fichier vide : il faut au moins la ligne d'en-tête.")
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    if not header:
        if not any("".join(cells).strip() for cells in rows):
            raise unreadable(name, "fichier vide : il faut au moins la ligne d'en-tête.")
        raise unreadable(name, "ligne d'en-tête vide : la première ligne nomme les colonnes.", row=1)
    return Table(name=name, encoding="XLSX", header=header, records=Records(header, numbered_rows(rows)))


def sheet_names(path):
    """The names of a workbook's sheets, or None when it is not a readable workbook (call
    `check_workbook` first)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine's own errors on a broken or foreign archive
        return None
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def check_workbook(path, name=None):
    """Refuse, before any parsing, a file that is not a zip archive, that unpacks to more than
    ESSAIM_XLSX_MAX_UNPACKED_MB, or one of whose sheets has more than ESSAIM_XLSX_MAX_ROWS rows;
    the message names the limit. Every path that opens a workbook calls this first. Returns the
    rows of its longest sheet."""
    from django.conf import settings

    path = Path(path)
    name = name or path.name
    max_bytes = settings.ESSAIM_XLSX_MAX_UNPACKED_MB * 1024 * 1024
    max_rows = settings.ESSAIM_XLSX_MAX_ROWS
    too_large = (
        f"classeur trop volumineux une fois décompressé (plus de {settings.ESSAIM_XLSX_MAX_UNPACKED_MB} Mo) : "
        "enregistrez-le au format CSV, ou découpez-le en plusieurs fichiers."
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > max_bytes:
                raise unreadable(name, too_large)
            read, most = 0, 0
            for info in infos:
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                rows, tail = 0, b""
                with archive.open(info) as part:
                    while chunk := part.read(CHUNK):
                        read += len(chunk)
                        if read > max_bytes:
                            raise unreadable(name, too_large)
                        window = tail + chunk
                        rows += len(ROW_TAG.findall(window)) - len(ROW_TAG.findall(tail))
                        tail = window[-16:]
                        if rows > max_rows:
                            limit = f"{max_rows:,}".replace(",", "\u202f")
                            raise unreadable(
                                name,
                                f"une feuille du classeur compte plus de {limit} lignes, la limite d'un envoi : "
                                "découpez-le en plusieurs fichiers.",
                            )
                most = max(most, rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise unreadable(name, NOT_XLSX) from None
    return most


def count_rows(path, name=None):
    """About how many rows the file holds (its lines for a CSV, its longest sheet for a workbook),
    cheaply, before it is parsed; raises TableError for a workbook over the limits."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return check_workbook(path, name)
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")  # a last line without its line break


def trimmed(cells):
    """A sheet's row without the empty cells calamine pads it with up to the sheet's width."""
    while cells and not cells[-1]:
        cells.pop()
    return cells


def numbered_rows(rows):
    """(row number, [cells]) of each non-blank row after the header (row 1)."""
    for number, cells in enumerate(rows, start=2):
        if not blank(cells):
            yield number, cells


def cell_text(value):
    """A cell's value as text, as a CSV export of the sheet would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


READERS = {".csv": read_csv, ".xlsx": read_xlsx}


def open_table(path, name=None, sheet=None):
    """Open a file with the reader of its extension (`name`, `sheet`: see the module's docstring)."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise unreadable(name or path.name, f"format non pris en charge (attendu : {', '.join(sorted(READERS))}).")
    return reader(path, name=name, sheet=sheet)
