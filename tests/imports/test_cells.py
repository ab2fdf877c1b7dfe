"""Formula neutralising on export, undone on import."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaim.imports.cells import neutralise, unquote
from essaim.imports.export import csv_line, write_csv


@pytest.mark.parametrize(
    "text, written",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 6 12", "'+33 6 12"),
        ("-moins", "'-moins"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=déjà", "''=déjà"),
        ("Association", "Association"),
        ("'citation", "'citation"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_quoted(text, written):
    assert neutralise(text) == written
    assert unquote(written) == text


@pytest.mark.parametrize("number", ["12", "-12", "+3", "1,5", "-0.25"])
def test_plain_numbers_are_left_alone(number):
    assert neutralise(number) == number


def test_numbers_dates_and_none():
    assert neutralise(12) == 12
    assert neutralise(-3) == -3
    assert neutralise(None) == ""
    assert neutralise(date(2019, 3, 31)) == "2019-03-31"


@given(st.text())
def test_unquote_undoes_neutralise(text):
    assert unquote(str(neutralise(text))) == text


def test_csv_line_quotes_delimiters_quotes_and_every_line_break():
    assert csv_line(["a,b", 'c"d', "e\rf", "g\nh", "=1+1", 7]) == '"a,b","c""d","e\rf","g\nh",\'=1+1,7\n'


def test_write_csv_is_utf8_lf_without_bom(tmp_path):
    path = tmp_path / "out.csv"
    assert write_csv(path, ["code", "name"], [("A", "Éa"), ("B", "=cmd")]) == 2
    assert path.read_bytes() == "code,name\nA,Éa\nB,'=cmd\n".encode()
