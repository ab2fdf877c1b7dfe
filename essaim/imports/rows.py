"""From a Table and a FileSpec to parsed rows, with every header, cell and key error listed."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model

from essaim.imports.cells import unquote
from essaim.imports.errors import TableError
from essaim.imports.readers import Records, normalise


@dataclass(slots=True)
class Row:
    """One data row: the values its cells parsed to (only the columns the file has, only the
    cells that parsed), and whether the row is free of errors."""

    number: int
    values: dict
    ok: bool


def name_columns(table, spec):
    """Give the table's columns the names of the spec's columns their headers stand for (a
    column's label, « fin de période », or an alias reads as its name, `period_end`), before its
    rows are read; the headers as the file wrote them stay in `table.written`. A header the spec
    does not know keeps its own name (`check_header` refuses it). Done once per table: again, it
    changes nothing."""
    names = [spec.name_of(header) or normalise(header) for header in table.header]
    if names == table.columns:
        return
    renamed = dict(zip(table.columns, names, strict=True))
    table.written.update({name: header for name, header in zip(names, table.header, strict=True) if name})
    table.header = names
    if isinstance(table.records, Records):
        table.records.columns = list(names)
    else:
        table.records = ((number, {renamed.get(k, k): v for k, v in cells.items()}) for number, cells in table.records)


def shown_headers(table, spec):
    """How errors name each column of `spec`: as the file wrote it; a column the file lacks by its
    header in the files people fill in when the file is one of those (some header written as a
    label), by its name otherwise."""
    labelled = any(spec.name_of(written) and written != spec.name_of(written) for written in table.written.values())
    shown = {c.name: c.header if labelled else c.name for c in spec.columns}
    shown.update({name: written for name, written in table.written.items() if name in shown})
    return shown


def check_header(table, spec, errors):
    """Unknown, repeated or missing columns; return the spec's columns the file has. The table's
    columns are named first (`name_columns`), and errors will name them as the file does."""
    name_columns(table, spec)
    shown = shown_headers(table, spec)
    errors.name_columns(spec.name, shown)
    seen = set()
    good = True
    for name in table.columns:
        if not name:
            continue
        if name in seen:
            errors.add(spec.name, 1, name, "colonne en double dans l'en-tête.")
            good = False
        elif name not in spec.by_name:
            expected = ", ".join(shown[c.name] for c in spec.columns)
            errors.add(spec.name, 1, name, f"colonne inconnue (colonnes possibles : {expected}).")
            good = False
        seen.add(name)
    for column in spec.columns:
        if column.required and column.name not in seen:
            errors.add(spec.name, 1, column.name, "colonne obligatoire absente de l'en-tête.")
            good = False
    return [c for c in spec.columns if c.name in seen] if good else None


def key_part(value):
    # Lookups return the same record object for the same code; unsaved ones are unhashable.
    return id(value) if isinstance(value, Model) else value


def absent_key_parts(spec, columns):
    """The key columns the file leaves out (optional ones): their default is the key part."""
    present = {c.name for c in columns}
    return {c.name: c.default for c in spec.columns if c.name in spec.key and c.name not in present}


def read_cell(raw, parse, blank, default, max_length):
    """One cell of a column → (value, None), or (None, message) when it is refused.

    The cell is trimmed; a blank one takes the column's default when the column allows blanks
    (otherwise the parser is given "" and says what is missing); the quote an export put before
    a formula-like text is removed; a cell longer than the column allows is refused. The rows
    and the staged strategy (`staging.py`) both read cells here, so they say the same thing."""
    if raw:
        raw = raw.strip()
    if not raw:
        if blank:
            return default, None
        raw = ""
    else:
        if raw[0] == "'":
            raw = unquote(raw)
        if len(raw) > max_length:
            return None, f"cellule trop longue ({len(raw)} caractères, {max_length} au plus)."
    try:
        return parse(raw), None
    except ValidationError as error:
        return None, " ".join(error.messages)


def stray_message(stray):
    return f"valeur « {stray.strip()[:50]} » hors des colonnes nommées dans l'en-tête."


def duplicate_message(cells, key, first):
    """A natural key seen twice, shown as the cells of the second row say it."""
    shown = " · ".join(shown_cell(cells.get(k, "")) for k in key)
    return f"doublon : « {shown} » figure déjà ligne {first}."


def shown_cell(raw):
    return (raw or "").strip() or "(vide)"


def read_rows(table, spec, errors):
    """Yield each data row of `table` parsed by `spec`; record errors in `errors`.

    Nothing is yielded when the header is wrong. Cells are trimmed, the quote an export put
    before a formula-like text is removed, cells longer than their column allows are refused,
    and a natural key seen twice is an error on the second row (a key column the file leaves
    out counts as its default)."""
    columns = check_header(table, spec, errors)
    if columns is None:
        return
    file = spec.name
    cells_of = [(c.name, c.parse, c.blank, c.default, c.max_length) for c in columns]
    key = spec.key
    absent = absent_key_parts(spec, columns)
    seen = {}
    try:
        for number, cells in table.records:
            values = {}
            ok = True
            stray = cells.get("")
            if stray and stray.strip():
                errors.add(file, number, None, stray_message(stray))
                ok = False
            for name, parse, blank, default, max_length in cells_of:
                value, message = read_cell(cells.get(name), parse, blank, default, max_length)
                if message is None:
                    values[name] = value
                else:
                    errors.add(file, number, name, message)
                    ok = False
            if key:
                try:  # no key when a cell of it was refused
                    natural = tuple([key_part(values[k] if k in values else absent[k]) for k in key])
                except KeyError:
                    pass
                else:
                    first = seen.setdefault(natural, number)
                    if first != number:
                        errors.add(file, number, spec.key_label, duplicate_message(cells, key, first))
                        ok = False
            yield Row(number, values, ok)
    except TableError as error:
        errors.extend(error.errors)
