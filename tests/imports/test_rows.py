"""Header checks, cell parsing and duplicate keys, each error placed at file, row and column."""

from datetime import date

import pytest

from essaim.imports import parsers
from essaim.imports.errors import ErrorList
from essaim.imports.readers import csv_table
from essaim.imports.rows import read_rows
from essaim.imports.spec import Column, FileSpec
from essaim.innovations.enums import Step

SPEC = FileSpec(
    "things.csv",
    columns=(
        Column("code", required=True, blank=False, parse=parsers.text),
        Column("on", parse=parsers.iso_date, default=None),
        Column("stage", parse=parsers.choice(Step, "étape"), default=None),
        Column("note"),
    ),
    key=("code",),
)


def parse(text, spec=SPEC):
    errors = ErrorList()
    rows = list(read_rows(csv_table(text.encode(), spec.name), spec, errors))
    return rows, [(e.file, e.row, e.column, e.message) for e in errors]


def test_any_order_any_case_missing_optional_columns():
    rows, errors = parse("  ON ,Code\n2019-03-31,A\n")
    assert errors == []
    assert rows[0].values == {"code": "A", "on": date(2019, 3, 31)}
    assert rows[0].ok


def test_unknown_column():
    rows, errors = parse("code,colour\nA,red\n")
    assert rows == []
    assert errors == [("things.csv", 1, "colour", "colonne inconnue (colonnes possibles : code, on, stage, note).")]


def test_missing_required_column():
    _, errors = parse("note\nx\n")
    assert errors == [("things.csv", 1, "code", "colonne obligatoire absente de l'en-tête.")]


def test_repeated_column():
    _, errors = parse("code,Code\nA,B\n")
    assert errors == [("things.csv", 1, "code", "colonne en double dans l'en-tête.")]


def test_cells_are_trimmed_and_blank_cells_take_the_default():
    rows, errors = parse("code,on,note\n  A  ,  ,\n")
    assert errors == []
    assert rows[0].values == {"code": "A", "on": None, "note": ""}


def test_blank_required_cell():
    _, errors = parse("code,note\n ,x\n")
    assert errors == [("things.csv", 2, "code", "cellule vide : une valeur est obligatoire dans cette colonne.")]


@pytest.mark.parametrize(
    "raw, message",
    [
        ("2019-02-30", "la date « 2019-02-30 » n'existe pas dans le calendrier."),
        ("2019-13-01", "la date « 2019-13-01 » n'existe pas dans le calendrier."),
        ("31-12-2018", "« 31-12-2018 » n'est pas une date au format AAAA-MM-JJ."),
        ("20190301", "« 20190301 » n'est pas une date au format AAAA-MM-JJ."),
        ("hier", "« hier » n'est pas une date au format AAAA-MM-JJ."),
    ],
)
def test_bad_dates(raw, message):
    _, errors = parse(f"code,on\nA,{raw}\n")
    assert errors == [("things.csv", 2, "on", message)]


def test_french_excel_dates_are_read():
    rows, errors = parse("code,on\nA,31/03/2019\n")
    assert errors == [] and rows[0].values["on"] == date(2019, 3, 31)


def test_unknown_code_lists_the_codes():
    _, errors = parse("code,stage\nA,launch\n")
    ((file, row, column, message),) = errors
    assert (file, row, column) == ("things.csv", 2, "stage")
    assert message.startswith("étape inconnu « launch » (codes possibles : identification, feasibility")


def test_too_long_cell():
    _, errors = parse("code,note\nA," + "x" * 1001 + "\n")
    assert errors == [("things.csv", 2, "note", "cellule trop longue (1001 caractères, 1000 au plus).")]


def test_duplicate_key_points_at_the_first_row():
    rows, errors = parse("code\nA\nB\nA\n")
    assert errors == [("things.csv", 4, "code", "doublon : « A » figure déjà ligne 2.")]
    assert [r.ok for r in rows] == [True, True, False]


def test_cells_beyond_the_header():
    _, errors = parse("code\nA,oops\n")
    assert errors == [("things.csv", 2, None, "valeur « oops » hors des colonnes nommées dans l'en-tête.")]


def test_exported_formula_quote_is_removed():
    rows, _ = parse("code,note\nA,'=1+1\nB,'plain\n")
    assert [r.values["note"] for r in rows] == ["=1+1", "'plain"]


def test_a_failed_cell_does_not_hide_the_others():
    rows, errors = parse("code,on,stage\nA,hier,nowhere\n")
    assert [e[2] for e in errors] == ["on", "stage"]
    assert rows[0].values == {"code": "A"} and not rows[0].ok


def test_unreadable_rows_are_reported_where_they_break():
    _, errors = parse('code,note\nA,x\nB,"y"z\n')
    assert errors[0][:2] == ("things.csv", 3)
