"""The database keeps values unique per unit, indicator and period end on both databases, with
one index serving uniqueness and the consolidation (migration 0008)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from essaim.evaluation.models import Indicator, Value
from tests.factories import AdoptionFactory

END = datetime.date(2019, 3, 31)


@pytest.fixture
def unit(db):
    adoption = AdoptionFactory()
    return adoption.innovation, adoption.structure, Indicator.objects.get(code="people_reached")


def value(innovation, structure, indicator, end=END, number=1):
    return Value(innovation=innovation, structure=structure, indicator=indicator, period_end=end, number=number)


def test_a_second_value_for_the_same_structure_indicator_and_end_is_refused(unit):
    innovation, structure, indicator = unit
    Value.objects.bulk_create([value(innovation, structure, indicator)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.bulk_create([value(innovation, structure, indicator, number=2)])


def test_a_second_value_for_the_innovation_as_a_whole_is_refused(unit):
    innovation, _, indicator = unit
    Value.objects.bulk_create([value(innovation, None, indicator)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.bulk_create([value(innovation, None, indicator, number=2)])


def test_a_structure_and_the_innovation_as_a_whole_each_have_their_value(unit):
    innovation, structure, indicator = unit
    Value.objects.bulk_create(
        [
            value(innovation, structure, indicator),
            value(innovation, None, indicator),
            value(innovation, None, indicator, END.replace(day=30, month=6)),
        ]
    )
    assert Value.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="covering indexes are PostgreSQL's")
def test_the_unique_index_covers_kind_and_number(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('unique_structure_value'::regclass)")
        definition = cursor.fetchone()[0]
    assert "UNIQUE" in definition
    assert "(indicator_id, innovation_id, structure_id, period_end) INCLUDE (kind, number)" in definition
