"""Reading CSV as French Excel writes it: encodings, delimiters, line ends, quoting."""

import codecs
import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essaim.imports.errors import TableError
from essaim.imports.readers import Records, csv_table, lines, open_table, read_csv


def records(table):
    return list(table.records)


def test_utf8_comma_lf():
    table = csv_table("code,name\nA,Éléonore\n".encode(), "t.csv")
    assert table.encoding == "UTF-8"
    assert table.columns == ["code", "name"]
    assert records(table) == [(2, {"code": "A", "name": "Éléonore"})]


def test_semicolon_bom_crlf_as_french_excel_saves():
    data = codecs.BOM_UTF8 + "Code;Nom complet\r\nA;Ça, et « là »\r\nB;x\r\n".encode()
    table = csv_table(data, "t.csv")
    assert table.encoding == "UTF-8 avec BOM"
    assert table.columns == ["code", "nom complet"]
    assert records(table) == [
        (2, {"code": "A", "nom complet": "Ça, et « là »"}),
        (3, {"code": "B", "nom complet": "x"}),
    ]


def test_windows_1252_when_utf8_fails():
    table = csv_table("code;nom\r\nA;Œuvre – été\r\n".encode("cp1252"), "t.csv")
    assert table.encoding == "Windows-1252"
    assert records(table) == [(2, {"code": "A", "nom": "Œuvre – été"})]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_naming_the_file(encoding):
    with pytest.raises(TableError) as caught:
        csv_table("code,name\nA,b\n".encode(encoding), "values.csv")
    (error,) = caught.value.errors
    assert error.file == "values.csv"
    assert "encodage non reconnu" in error.message
    assert "values.csv : encodage non reconnu" in str(error)


def test_latin1_bytes_that_cp1252_lacks_are_refused():
    with pytest.raises(TableError, match="encodage non reconnu"):
        csv_table(b"code,name\nA,\x81\x8d\n", "t.csv")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", codecs.BOM_UTF8])
def test_empty_file(data):
    with pytest.raises(TableError) as caught:
        csv_table(data, "structures.csv")
    (error,) = caught.value.errors
    assert (error.file, error.row) == ("structures.csv", None)
    assert "fichier vide" in error.message


def test_header_only_has_no_records():
    assert records(csv_table(b"code,name\n", "t.csv")) == []


def test_quoted_fields_keep_delimiters_quotes_and_line_breaks():
    data = b'code,comment\nA,"un, deux ""trois""\nquatre"\nB,x\n'
    assert records(csv_table(data, "t.csv")) == [
        (2, {"code": "A", "comment": 'un, deux "trois"\nquatre'}),
        (3, {"code": "B", "comment": "x"}),
    ]


def test_blank_lines_are_skipped_but_counted():
    data = b"code,name\nA,a\n\n, \nB,b\n"
    assert [n for n, _ in records(csv_table(data, "t.csv"))] == [2, 5]


def test_extra_cells_are_kept_apart():
    ((_, cells),) = records(csv_table(b"code\nA,surplus\n", "t.csv"))
    assert cells == {"code": "A", "": "surplus"}


def test_broken_quoting_names_the_row():
    table = csv_table(b'code,name\nA,b\nB,"c"d\n', "t.csv")
    with pytest.raises(TableError) as caught:
        records(table)
    assert caught.value.errors[0].row == 3


def test_read_csv_and_open_table(tmp_path):
    path = tmp_path / "structures.csv"
    path.write_bytes(b"code\nA\n")
    assert read_csv(path).name == "structures.csv"
    assert records(open_table(path)) == [(2, {"code": "A"})]
    other = tmp_path / "structures.ods"
    other.write_bytes(b"")
    with pytest.raises(TableError, match="format non pris en charge"):
        open_table(other)


def test_old_mac_line_ends():
    assert records(csv_table(b"code,name\rA,a\rB,b\r", "t.csv")) == [
        (2, {"code": "A", "name": "a"}),
        (3, {"code": "B", "name": "b"}),
    ]


def test_last_line_without_line_end():
    assert records(csv_table(b"code,name\r\nA,a\r\nB,b", "t.csv"))[-1] == (3, {"code": "B", "name": "b"})


@pytest.mark.parametrize("block", [1, 2, 3, 7, 1 << 20])
@pytest.mark.parametrize(
    "text",
    ["a,b\n1,2\n", "a,b\r\n1,2\r\n3,4", "a\n\n\nb\n", "\n", "x\ry\nz\r\n", 'a,"b\nc"\nd,e\n'],
)
def test_lines_keep_their_ends_whatever_the_block(text, block):
    expected = [line + "\n" for line in text.split("\n")[:-1]] + (
        [text.rsplit("\n", 1)[1]] if text.rsplit("\n", 1)[1] else []
    )
    assert list(lines(text, block)) == expected
    assert "".join(lines(text, block)) == text


BATCHED = b'code,name\nA,a\n\n, \n ,b\nC,"c\nc"\n\t\nD,d\nE,"e"x\nF,f\n'


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_batches_give_the_rows_one_at_a_time_gives(size):
    """Batches of any size hold the rows, numbers and error of the row by row reading: blank
    rows skipped but counted, a row whose first cell alone is blank kept, a file that breaks
    halfway read up to the break."""
    one_by_one = csv_table(BATCHED, "t.csv").records
    expected = []
    with pytest.raises(TableError) as caught:
        expected.extend(one_by_one.raw())
    assert [number for number, _ in expected] == [2, 5, 6, 8]
    assert expected[1] == (5, [" ", "b"])

    batched, numbers, rows = csv_table(BATCHED, "t.csv").records, [], []
    with pytest.raises(TableError) as broken:
        for batch_numbers, batch_rows in batched.batches(size):
            assert len(batch_rows) <= size
            numbers.extend(batch_numbers)
            rows.extend(batch_rows)
    assert list(zip(numbers, rows, strict=True)) == expected
    assert broken.value.errors[0].row == caught.value.errors[0].row == 9


def test_records_made_from_rows_come_in_batches_too():
    rows = [(2, ["A"]), (3, ["B"]), (5, ["C"])]
    batches = list(Records(["code"], rows=iter(rows)).batches(2))
    assert batches == [([2, 3], [["A"], ["B"]]), ([5], [["C"]])]


COLUMN_WISE = [
    ("code,name\nA,a\nB,b\n", True),
    ("code;name\r\nA;a\r\nB; b \r\n", True),  # as French Excel saves it
    ("code,name\nA,a\nB,b", True),  # no line end at the end
    ("code,name\n ,b\nC,\n", True),  # a blank cell, not a blank row
    ("code,name\nA,a\n, \nB,b\n", False),  # a blank row: skipped, its number kept
    ("code\nA\n\nB\n", False),
    ("code,name\nA,a\n\nB,b\n", False),
    ('code,name\nA,"a"\n', False),  # quotes: the csv module's reading is the reference
    ("code,name\nA,a,x\n", False),  # a row longer or shorter than the header
    ("code,name\nA\n", False),
    ("code,name\rA,a\r", False),  # old Mac line ends
    ("code,name\nA,a\rb\n", False),
    ("code,name\n", False),
    ("code,name\nA," + "x" * (csv.field_size_limit() + 1) + "\n", False),  # the csv module refuses it
]


@pytest.mark.parametrize("text, read", COLUMN_WISE)
def test_rows_column_by_column_are_the_rows_of_the_csv_module(text, read):
    """Arrow reads the files it reads alike, and leaves the others to the csv module."""
    by_column = csv_table(text.encode(), "t.csv").records.column_wise()
    assert (by_column is not None) == read
    if by_column is not None:
        expected = list(csv_table(text.encode(), "t.csv").records.raw())
        rows = [(n + 2, [cells[indices[n]] for cells, indices in by_column.cells]) for n in range(by_column.count)]
        assert rows == expected


def test_rows_taken_one_at_a_time_are_not_given_again_column_by_column():
    records = csv_table(b"code\nA\nB\n", "t.csv").records
    next(records)
    assert records.column_wise() is None
    records = csv_table(b"code\nA\nB\n", "t.csv").records
    next(iter(records.batches(1)))
    assert records.column_wise() is None
    assert Records(["code"], rows=iter([(2, ["A"])])).column_wise() is None


SET_ASIDE = "code,value,comment,x\nA,1,,x\nB,, ,x\nC,,c,x\nD,,,\nE,2,,x\n"


def set_aside_ways(text):
    """The rows kept and set aside by `set_aside(["value", "comment"])`, read each way."""
    ways = {}
    for way in ("one at a time", "batches", "column by column", "rows"):
        records = csv_table(text.encode(), "t.csv").records
        if way == "rows":
            records = Records(["code", "value", "comment", "x"], rows=iter(list(records.raw())))
        aside = []
        records.set_aside(["value", "comment", "absent"], aside)
        if way == "column by column":
            by_column = records.column_wise()
            numbers = by_column.row_numbers().tolist()
            kept = [
                (numbers[n], [cells[indices[n]] for cells, indices in by_column.cells]) for n in range(by_column.count)
            ]
        elif way == "batches":
            kept = [pair for numbers, rows in records.batches(2) for pair in zip(numbers, rows, strict=True)]
        else:
            kept = list(records.raw())
        ways[way] = (kept, aside)
    return ways


def test_rows_set_aside_are_the_same_whichever_way_they_are_read():
    ways = set_aside_ways(SET_ASIDE)
    kept = [(2, ["A", "1", "", "x"]), (4, ["C", "", "c", "x"]), (6, ["E", "2", "", "x"])]
    aside = [
        (3, {"code": "B", "value": "", "comment": " ", "x": "x"}),
        (5, {"code": "D", "value": "", "comment": "", "x": ""}),
    ]
    assert ways == dict.fromkeys(ways, (kept, aside))
    column_wise = csv_table(SET_ASIDE.encode(), "t.csv").records
    column_wise.set_aside(["value", "comment"], [])
    assert column_wise.column_wise().cells[0][0] == ["A", "C", "E"]  # the distinct cells of the rows kept only


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet="ab ;,\t\ré\u00a0\u2028", max_size=3), min_size=3, max_size=3)
        | st.lists(st.text(alphabet="ab \n\r", max_size=3), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([",", ";"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_arrow_reads_any_file_it_accepts_as_the_csv_module_does(rows, delimiter, end):
    """Cells holding the other delimiter, spaces, a carriage return or a line separator; rows of
    any length, blank ones: whatever file Arrow accepts, it reads as the csv module does."""
    text = end.join(delimiter.join(cells) for cells in [["code", "name", "note"], *rows]) + end
    by_column = csv_table(text.encode(), "t.csv").records.column_wise()
    if by_column is not None:
        expected = list(csv_table(text.encode(), "t.csv").records.raw())
        rows = [(n + 2, [cells[indices[n]] for cells, indices in by_column.cells]) for n in range(by_column.count)]
        assert rows == expected
