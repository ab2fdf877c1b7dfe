"""The staged strategy reads cells and keys as the rows do: same errors, same rows refused."""

import pytest
from django.db import connection

from essaim.imports.errors import ErrorList
from essaim.imports.readers import Records, csv_table
from essaim.imports.rows import read_rows
from essaim.imports.staging import KeyHashes, Stage, tuned
from tests.imports.test_rows import SPEC

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="le chemin SQL est propre à PostgreSQL")

FILES = [
    "code,on,stage,note\nA,2019-03-31,swarming,x\nB,,,\n",
    "  ON ,Code\n2019-03-31,A\n31/03/2019, A \n",
    "code,on\nA,2019-02-30\nB,hier\nA,2019-02-30\n",
    "code\nA\nB\nA\n \nB\n",
    "code,note\nA,x,en trop\nB\n,y\nC,'=1+1\nD," + "x" * 1001 + "\n",
    "code,stage\nA,launch\nA,nowhere\n",
    'code,note\nA,x\nB,"y"z\nC,w\n',
    "code,colour\nA,red\n",
    "code,on,stage\nA,hier,nowhere\nA,,\n",
    "code,,note\nA,z,x\nB,,y\nA\n",  # a column without a name
    "note,code\nx,A\n\ny,B,en trop\nz\n,C\nw,A\n",  # columns in another order, a blank row
    "code;on;stage;note\r\nA;2019-03-31;swarming;x\r\n;;;\r\nB;;;\r\n",  # the spec's order
]


def staged_stage(text):
    stage = Stage(csv_table(text.encode(), SPEC.name), SPEC, connection)
    errors = ErrorList()
    try:
        with connection.cursor() as cursor, tuned(cursor):
            assert stage.load(errors)
        stage.report(errors)
    finally:
        stage.drop()
    return stage, errors


def test_keys_are_only_searched_in_sql_when_a_key_may_come_twice(db):
    stage, errors = staged_stage("code,note\nA,x\nB,y\nC,z\n")
    assert not stage.repeated and not errors
    stage, errors = staged_stage("code,note\nA,x\nB,y\n A ,z\n")
    assert stage.repeated
    assert [(e.row, e.message) for e in errors] == [(4, "doublon : « A » figure déjà ligne 2.")]


def test_two_keys_sharing_a_hash_are_not_duplicates(db, monkeypatch):
    monkeypatch.setattr(KeyHashes, "fold", staticmethod(lambda hashed, identities: hashed * 0))
    stage, errors = staged_stage("code,note\nA,x\nB,y\n")
    assert stage.repeated and not errors


def read_both(text):
    rows_errors, staged_errors = ErrorList(), ErrorList()
    rows = list(read_rows(csv_table(text.encode(), SPEC.name), SPEC, rows_errors))
    stage = Stage(csv_table(text.encode(), SPEC.name), SPEC, connection)
    try:
        with connection.cursor() as cursor, tuned(cursor):
            staged = stage.load(staged_errors)
            every, refused = [], []
            if staged:
                cursor.execute(f"SELECT row, ok FROM {stage.name} ORDER BY row")
                every = cursor.fetchall()
                refused = [row for row, ok in every if not ok]
        stage.report(staged_errors)
    finally:
        stage.drop()
    if staged:  # every row read is staged, whatever its errors
        assert [row for row, _ in every] == [r.number for r in rows]
    return (rows_errors, [r.number for r in rows if not r.ok]), (staged_errors, refused)


@pytest.mark.parametrize("by_column", [True, False])
@pytest.mark.parametrize("text", FILES)
def test_same_errors_same_refused_rows(db, monkeypatch, text, by_column):
    """Staged column by column (a file Arrow reads) or batch by batch, as the rows give."""
    if not by_column:
        monkeypatch.setattr(Records, "column_wise", lambda records: None)
    by_rows, staged = read_both(text)
    assert staged == by_rows


def test_a_plain_file_is_staged_column_by_column(db, monkeypatch):
    taken = []
    monkeypatch.setattr(Stage, "copy_columns", lambda *args, copy=Stage.copy_columns: taken.append(copy(*args)))
    stage, errors = staged_stage("code,on\nA,2019-02-30\nB,2019-03-31\nA,31/03/2019\n")
    assert taken and stage.repeated
    assert [(e.row, e.column) for e in errors] == [(2, "on"), (4, "code")]  # a bad date, a duplicate


@pytest.mark.parametrize("text", FILES)
def test_rows_staged_in_small_batches_give_the_same_errors(db, monkeypatch, text):
    """Batches of two rows: a new cell, a refused one, a short or long row, a duplicate key or a
    file that breaks halfway fall on either side of a batch's end."""
    monkeypatch.setattr("essaim.imports.staging.LINES_PER_WRITE", 2)
    by_rows, staged = read_both(text)
    assert staged == by_rows


def test_a_key_column_left_out_counts_as_its_default(db):
    spec = SPEC.__class__(SPEC.name, SPEC.columns, key=("code", "on"))
    text = "code,note\nA,x\nA,y\n"
    errors = ErrorList()
    list(read_rows(csv_table(text.encode(), spec.name), spec, errors))
    assert [(e.row, e.message) for e in errors] == [(3, "doublon : « A · (vide) » figure déjà ligne 2.")]
