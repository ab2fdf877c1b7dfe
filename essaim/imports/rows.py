"""From a Table and a FileSpec to parsed rows, with every header, cell and key error listed."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model

from essaim.imports.cells import unquote
from essaim.imports.errors import TableError


@dataclass(slots=True)
class Row:
    """One data row: the values its cells parsed to (only the columns the file has, only the
    cells that parsed), and whether the row is free of errors."""

    number: int
    values: dict
    ok: bool


def check_header(table, spec, errors):
    """Unknown, repeated or missing columns; return the spec's columns the file has."""
    seen = set()
    good = True
    for name in table.columns:
        if not name:
            continue
        if name in seen:
            errors.add(spec.name, 1, name, "colonne en double dans l'en-tête.")
            good = False
        elif name not in spec.by_name:
            expected = ", ".join(c.name for c in spec.columns)
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


def read_rows(table, spec, errors):
    """Yield each data row of `table` parsed by `spec`; record errors in `errors`.

    Nothing is yielded when the header is wrong. Cells are trimmed, the quote an export put
    before a formula-like text is removed, cells longer than their column allows are refused,
    and a natural key seen twice is an error on the second row."""
    columns = check_header(table, spec, errors)
    if columns is None:
        return
    file = spec.name
    cells_of = [(c.name, c.parse, c.blank, c.default, c.max_length) for c in columns]
    key = spec.key
    seen = {}
    try:
        for number, cells in table.records:
            values = {}
            ok = True
            stray = cells.get("")
            if stray and stray.strip():
                errors.add(
                    file, number, None, f"valeur « {stray.strip()[:50]} » hors des colonnes nommées dans l'en-tête."
                )
                ok = False
            for name, parse, blank, default, max_length in cells_of:
                raw = cells.get(name)
                if raw:
                    raw = raw.strip()
                if not raw:
                    if blank:
                        values[name] = default
                        continue
                    raw = ""
                else:
                    if raw[0] == "'":
                        raw = unquote(raw)
                    if len(raw) > max_length:
                        errors.add(
                            file, number, name, f"cellule trop longue ({len(raw)} caractères, {max_length} au plus)."
                        )
                        ok = False
                        continue
                try:
                    values[name] = parse(raw)
                except ValidationError as error:
                    errors.add(file, number, name, " ".join(error.messages))
                    ok = False
            if key:
                try:
                    natural = tuple([key_part(values[k]) for k in key])
                except KeyError:
                    pass
                else:
                    first = seen.setdefault(natural, number)
                    if first != number:
                        shown = " · ".join(cells.get(k, "").strip() or "(vide)" for k in key)
                        errors.add(file, number, spec.key_label, f"doublon : « {shown} » figure déjà ligne {first}.")
                        ok = False
            yield Row(number, values, ok)
    except TableError as error:
        errors.extend(error.errors)
