"""Fast writes: the rows given, defaults for the rest, and their history rows (from the first
change only, for values: core/first_change.py)."""

from datetime import date

import pytest
from django.db import connection

from essaim.core.sql_rows import HistoryCopy
from essaim.evaluation.models import Indicator, Value
from essaim.imports.fast_write import insert_rows, update_rows
from essaim.organizations.models import Structure
from essaim.sources.models import Source
from tests.factories import AdoptionFactory, UserFactory

FIELDS = ("innovation_id", "structure_id", "indicator_id", "period_end", "kind", "number", "comment")
KEY = ("innovation_id", "structure_id", "indicator_id", "period_end")


@pytest.fixture
def rows(db):
    adoption = AdoptionFactory()
    people = Indicator.objects.get(code="people_reached")
    innovation, structure = adoption.innovation_id, adoption.structure_id
    return [
        (innovation, structure, people.pk, date(2018, 12, 31), "number", 12, "=1+1"),
        (innovation, None, people.pk, date(2018, 12, 31), "nc", None, ""),
        (innovation, None, people.pk, date(2019, 12, 31), "number", 0, "ligne\nsuivante"),
    ]


def saved():
    return list(Value.objects.values_list(*FIELDS, "state", "source_detail", "entered_at"))


def test_rows_and_defaults_without_history_rows(rows):
    """A value's history begins at its first change: inserting writes none."""
    user = UserFactory()
    assert insert_rows(Value, FIELDS, rows, natural_key=KEY, user=user) == 3
    values = saved()
    assert {v[:7] for v in values} == set(rows)
    assert {v[7:9] for v in values} == {("entered", "")}
    assert all(v[9] is not None for v in values)
    assert not Value.history.exists()


def test_models_that_keep_history_from_creation_get_a_row_each(db):
    user = UserFactory()
    rows = [("fw-a", "Alpha", "association"), ("fw-b", "Bêta", "chrs")]
    insert_rows(Structure, ("key", "name", "kind"), rows, natural_key=("key",), user=user)
    written = dict(Structure.objects.filter(key__startswith="fw-").values_list("pk", "name"))
    history = Structure.history.filter(id__in=written)
    assert sorted(history.values_list("id", "name", "history_type", "history_user")) == sorted(
        (pk, name, "+", user.pk) for pk, name in written.items()
    )


def test_history_found_by_natural_key_on_any_database(rows):
    """The path for databases that cannot say which ids they gave."""
    insert_rows(Value, FIELDS, rows, natural_key=KEY)
    Value.history.all().delete()
    with connection.cursor() as cursor:
        HistoryCopy(Value, None, connection, "+").natural_keys(cursor, rows, FIELDS, KEY)
    assert sorted(Value.history.values_list("id", flat=True)) == sorted(Value.objects.values_list("id", flat=True))


def test_models_without_history(db):
    insert_rows(Source, ("key", "title"), [("a", "Alpha"), ("b", "Bêta")], natural_key=("key",))
    assert sorted(Source.objects.values_list("key", "title", "section")) == [("a", "Alpha", ""), ("b", "Bêta", "")]


def test_updates_keep_the_original_then_the_change(rows):
    entered_by = UserFactory()
    insert_rows(Value, FIELDS, rows, natural_key=KEY, user=entered_by)
    Value.objects.update(entered_by=entered_by)
    first, second = Value.objects.order_by("period_end", "structure_id")[:2]
    user = UserFactory()
    assert update_rows(Value, ("number", "kind"), [(first.pk, 99, "number"), (second.pk, None, "ne")], user=user) == 2
    original_first = (first.pk, first.number, first.kind)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, first.kind, first.comment) == (99, "number", first.comment)
    assert (second.number, second.kind) == (None, "ne")
    changed = Value.history.filter(history_type="~")
    assert sorted(changed.values_list("id", "number", "history_user")) == sorted(
        [(first.pk, 99, user.pk), (second.pk, None, user.pk)]
    )
    originals = Value.history.filter(history_type="+")
    assert sorted(originals.values_list("id", "history_user")) == sorted(
        [(first.pk, entered_by.pk), (second.pk, entered_by.pk)]
    )
    original = originals.get(id=first.pk)
    assert (original.id, original.number, original.kind) == original_first
    assert original.history_date == original.entered_at
    # A second change adds its "~" row; the original is kept once.
    update_rows(Value, ("number",), [(first.pk, 100)], user=user)
    assert list(Value.history.filter(id=first.pk).order_by("history_id").values_list("history_type", "number")) == [
        ("+", original_first[1]),
        ("~", 99),
        ("~", 100),
    ]
