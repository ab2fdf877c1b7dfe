"""A value's history begins at its first change (core/first_change.py): nothing is written when it
is entered, and its first change or its deletion keeps it as it was entered."""

import datetime

import pytest
from django.utils import timezone

from essaim.core.cache import data_version
from essaim.evaluation.models import Indicator, Value
from tests.factories import AdoptionFactory, UserFactory

ENTERED_AT = timezone.make_aware(datetime.datetime(2019, 4, 2, 9, 30))


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def value(author):
    adoption = AdoptionFactory()
    return Value.objects.create(
        innovation=adoption.innovation,
        structure=adoption.structure,
        indicator=Indicator.objects.get(code="people_reached"),
        period_end=datetime.date(2019, 3, 31),
        number=12,
        entered_by=author,
        entered_at=ENTERED_AT,
    )


def history_of(value):
    return list(
        Value.history.filter(id=value.pk)
        .order_by("history_id")
        .values_list("history_type", "number", "history_user", "history_date")
    )


def test_an_entered_value_has_no_history_row_yet(value):
    assert history_of(value) == []


def test_its_first_change_keeps_it_as_it_was_entered(value, author):
    editor = UserFactory()
    value.number = 14
    value._history_user = editor
    value.save()
    (original, change) = history_of(value)
    assert original == ("+", 12, author.pk, ENTERED_AT)
    assert change[:3] == ("~", 14, editor.pk)


def test_later_changes_add_one_row_each(value, author):
    for number in (14, 15):
        value.number = number
        value.save()
    assert [row[:2] for row in history_of(value)] == [("+", 12), ("~", 14), ("~", 15)]


def test_a_deleted_value_keeps_what_it_was(value, author):
    pk = value.pk
    value.delete()
    value.pk = pk
    assert [row[:3] for row in history_of(value)] == [("+", 12, author.pk), ("-", 12, None)]


def test_deleting_by_queryset_keeps_what_each_was(value, author):
    Value.objects.filter(pk=value.pk).delete()
    assert [row[:2] for row in history_of(value)] == [("+", 12), ("-", 12)]


def test_the_reports_see_a_new_value(value):
    before = data_version()
    Value.objects.create(
        innovation=value.innovation,
        structure=value.structure,
        indicator=value.indicator,
        period_end=datetime.date(2019, 6, 30),
        number=13,
    )
    assert data_version() != before
