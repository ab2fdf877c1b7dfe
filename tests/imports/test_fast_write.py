"""Fast writes: the rows given, defaults for the rest, and one history row each."""

from datetime import date

import pytest
from django.db import connection

from essaim.evaluation.models import Indicator, Value
from essaim.imports.fast_write import HistoryCopy, insert_rows, update_rows
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


def test_rows_defaults_and_history(rows):
    user = UserFactory()
    assert insert_rows(Value, FIELDS, rows, natural_key=KEY, user=user) == 3
    values = saved()
    assert {v[:7] for v in values} == set(rows)
    assert {v[7:9] for v in values} == {("entered", "")}
    assert all(v[9] is not None for v in values)
    history = Value.history.order_by("id")
    assert history.count() == 3
    assert {h.history_type for h in history} == {"+"}
    assert {h.history_user_id for h in history} == {user.pk}
    for record in history:
        assert record.instance.number == Value.objects.get(pk=record.id).number


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


def test_updates_and_their_history(rows):
    insert_rows(Value, FIELDS, rows, natural_key=KEY)
    first, second = Value.objects.order_by("period_end", "structure_id")[:2]
    user = UserFactory()
    assert update_rows(Value, ("number", "kind"), [(first.pk, 99, "number"), (second.pk, None, "ne")], user=user) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, first.kind, first.comment) == (99, "number", first.comment)
    assert (second.number, second.kind) == (None, "ne")
    changed = Value.history.filter(history_type="~")
    assert sorted(changed.values_list("id", "number", "history_user")) == sorted(
        [(first.pk, 99, user.pk), (second.pk, None, user.pk)]
    )
