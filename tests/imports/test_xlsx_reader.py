"""Reading an Excel workbook as a Table, the way a CSV export of its sheet would read."""

import datetime

import openpyxl
import pytest

from essaim.imports.errors import TableError
from essaim.imports.readers import cell_text, open_table, read_xlsx


def workbook(path, *rows, title="Feuille"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return book


def records(table):
    return list(table.records)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  nc ", "  nc "),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (-3, "-3"),
        (True, "VRAI"),
        (datetime.datetime(2019, 3, 31), "2019-03-31"),
        (datetime.datetime(2019, 3, 31, 14, 30), "2019-03-31 14:30:00"),
        (datetime.date(2019, 3, 31), "2019-03-31"),
        (datetime.time(14, 30), "14:30:00"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_rows_as_a_spreadsheet_numbers_them(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook(path, (" Code ", "Valeur", None), ("A", 12.0), (), ("B", datetime.datetime(2019, 3, 31), None, "surplus"))
    table = read_xlsx(path)
    assert (table.name, table.encoding, table.header, table.columns) == (
        "f.xlsx",
        "XLSX",
        ["Code", "Valeur"],
        ["code", "valeur"],
    )
    assert records(table) == [
        (2, {"code": "A", "valeur": "12"}),
        (4, {"code": "B", "valeur": "2019-03-31", "": "surplus"}),
    ]


def test_the_named_sheet_else_the_first(tmp_path):
    path = tmp_path / "f.xlsx"
    book = workbook(path, ("guide",), title="Lisez-moi")
    book.create_sheet("Chiffres").append(["code"])
    book["Chiffres"].append(["A"])
    book.save(path)
    assert records(read_xlsx(path, sheet="Chiffres")) == [(2, {"code": "A"})]
    assert read_xlsx(path, sheet="Absente").header == ["guide"]
    assert read_xlsx(path).header == ["guide"]


def test_open_table_picks_the_reader_and_names_the_file(tmp_path):
    path = tmp_path / "3f2a.xlsx"
    workbook(path, ("code",), ("A",))
    table = open_table(path, name="chiffres.xlsx")
    assert table.name == "chiffres.xlsx" and records(table) == [(2, {"code": "A"})]


@pytest.mark.parametrize(
    ("rows", "row", "message"),
    [
        ((), None, "fichier vide : il faut au moins la ligne d'en-tête."),
        (((None, None),), None, "fichier vide : il faut au moins la ligne d'en-tête."),
        (((None,), ("A",)), 1, "ligne d'en-tête vide : la première ligne nomme les colonnes."),
    ],
)
def test_empty_sheets(tmp_path, rows, row, message):
    path = tmp_path / "vide.xlsx"
    workbook(path, *rows)
    with pytest.raises(TableError) as caught:
        read_xlsx(path)
    (error,) = caught.value.errors
    assert (error.file, error.row, error.message) == ("vide.xlsx", row, message)


@pytest.mark.parametrize("content", [b"", b"code;nom\nA;b\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500])
def test_not_a_workbook(tmp_path, content):
    path = tmp_path / "faux.xlsx"
    path.write_bytes(content)
    with pytest.raises(TableError, match="n'est pas un classeur Excel lisible"):
        read_xlsx(path)


def test_a_workbook_too_large_once_unpacked(tmp_path, settings):
    path = tmp_path / "gros.xlsx"
    workbook(path, ("code",), *[("x" * 20_000,)] * 60)
    settings.ESSAIM_XLSX_MAX_UNPACKED_MB = 1
    with pytest.raises(TableError, match=r"trop volumineux une fois décompressé \(plus de 1 Mo\)"):
        read_xlsx(path)


def test_a_workbook_with_too_many_rows_is_refused_before_it_is_parsed(tmp_path, settings, monkeypatch):
    path = tmp_path / "long.xlsx"
    workbook(path, ("code",), *[(str(n),) for n in range(150)])
    settings.ESSAIM_XLSX_MAX_ROWS = 100

    class Unread:
        @staticmethod
        def from_path(*args, **kwargs):
            pytest.fail("parsed before the check")

    monkeypatch.setattr("python_calamine.CalamineWorkbook", Unread)
    with pytest.raises(TableError, match="plus de 100 lignes, la limite d'un envoi"):
        read_xlsx(path)
    settings.ESSAIM_XLSX_MAX_ROWS = 151  # the header and 150 rows
    monkeypatch.undo()
    assert sum(1 for _ in read_xlsx(path).records) == 150
