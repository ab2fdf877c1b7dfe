"""Formula neutralising, once each way: a file written by the writers (`csv_line`, `sheet_row`)
and read back by the readers and `read_cell` gives the texts it was written from, and writing
them again gives the same file, however many times (CSV and XLSX alike)."""

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.imports.cells import looks_like_formula, neutralise
from essaim.imports.export import csv_line, sheet_row
from essaim.imports.readers import open_table
from essaim.imports.rows import read_cell

HEADER = ["code", "comment"]
# What people write in a comment, weighted towards what a spreadsheet would run and quotes.
ALPHABET = st.sampled_from(list("=+-@'\t\r\n ,;\"0123456789.aébZ(){}!"))


def kept_as_is(text):
    """Texts the import keeps whole: it trims cells, unless the export's quote protects them."""
    return text == text.rstrip() and (text == text.lstrip() or looks_like_formula(text))


def in_a_sheet(text):
    """The text an XLSX cell holds: its XML keeps no carriage return (`sheet_row`)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


TEXTS = st.lists(st.text(ALPHABET, max_size=12).filter(kept_as_is), min_size=1, max_size=6)
SHEET_TEXTS = st.lists(st.text(ALPHABET, max_size=12).map(in_a_sheet).filter(kept_as_is), min_size=1, max_size=6)


def write_csv_file(path, texts):
    path.write_text(csv_line(HEADER) + "".join(csv_line([f"r{i}", t]) for i, t in enumerate(texts)))
    return path


def write_xlsx_file(path, texts):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for i, text in enumerate(texts):
        sheet.append(sheet_row([f"r{i}", text]))
    workbook.save(path)
    return path


def read_back(path):
    """The comments of a file, each cell read as every import reads it."""
    table = open_table(path)
    found = []
    for _, cells in table.records:
        value, message = read_cell(cells.get("comment"), str, True, "", 1000)
        assert message is None
        found.append(value)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=TEXTS)
def test_csv_round_trip_gives_the_texts_back_and_the_same_file(tmp_path, texts):
    first = write_csv_file(tmp_path / "first.csv", texts)
    assert read_back(first) == texts
    second = write_csv_file(tmp_path / "second.csv", read_back(first))
    assert second.read_bytes() == first.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=SHEET_TEXTS)
def test_xlsx_round_trip_gives_the_texts_back(tmp_path, texts):
    first = write_xlsx_file(tmp_path / "first.xlsx", texts)
    assert read_back(first) == texts
    second = write_xlsx_file(tmp_path / "second.xlsx", read_back(first))
    assert read_back(second) == texts


def test_a_formula_is_stored_as_text_in_the_sheet(tmp_path):
    path = write_xlsx_file(tmp_path / "f.xlsx", ["=1+1", "'=1+1", "-moins"])
    sheet = openpyxl.load_workbook(path).active
    assert [(c.value, c.data_type) for c in sheet["B"][1:]] == [("'=1+1", "s"), ("''=1+1", "s"), ("'-moins", "s")]


def test_a_cell_neutralised_before_the_writer_is_not_quoted_again():
    once = neutralise("=1+1")
    assert once == "'=1+1"
    assert neutralise(once) == once
    assert csv_line([once, "=1+1"]) == "'=1+1,'=1+1\n"
    assert sheet_row([once, "=1+1", None, "", 3]) == ["'=1+1", "'=1+1", None, None, 3]
    # The text someone wrote with a quote of their own is another text: it keeps its quote.
    assert neutralise("'=1+1") == "''=1+1"
    assert csv_line(["'=1+1"]) == "''=1+1\n"


def test_an_empty_comment_is_read_back_empty(tmp_path):
    texts = ["", "=x"]
    assert read_back(write_csv_file(tmp_path / "e.csv", texts)) == texts
    assert read_back(write_xlsx_file(tmp_path / "e.xlsx", texts)) == texts


def test_a_carriage_return_is_written_as_the_line_feed_a_sheet_keeps(tmp_path):
    assert sheet_row(["a\r\nb", "c\rd", "\r=x"]) == ["a\nb", "c\nd", "\n=x"]
    assert read_back(write_xlsx_file(tmp_path / "cr.xlsx", ["a\r\nb"])) == ["a\nb"]
