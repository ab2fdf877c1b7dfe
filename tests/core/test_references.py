"""The references of evaluation_value and the user of its history rows, checked per statement by
triggers (core/references.py): the same refusals as foreign key constraints, on both databases."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.sources.models import Source
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory

MISSING = 987_654_321
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="deletes are checked on PostgreSQL")


@pytest.fixture
def value(db):
    adoption = AdoptionFactory()
    source = Source.objects.create(key="source-essai", title="Source d'essai")
    return Value.objects.create(
        innovation=adoption.innovation,
        structure=adoption.structure,
        indicator=Indicator.objects.get(code="people_reached"),
        period_end=datetime.date(2019, 3, 31),
        number=12,
        source=source,
    )


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize("field", ["innovation_id", "structure_id", "indicator_id", "source_id"])
def test_a_value_naming_a_missing_record_is_refused(value, field):
    fields = {f: getattr(value, f) for f in ("innovation_id", "structure_id", "indicator_id", "source_id")}
    fields[field] = MISSING
    refused(lambda: Value.objects.create(**fields, period_end=datetime.date(2019, 6, 30), number=1))
    refused(lambda: Value.objects.filter(pk=value.pk).update(**{field: MISSING}))
    assert Value.objects.filter(pk=value.pk).values_list(field, flat=True).get() == getattr(value, field)


def test_a_value_for_the_innovation_as_a_whole_needs_no_structure(value):
    Value.objects.create(
        innovation=value.innovation, indicator=value.indicator, period_end=datetime.date(2019, 6, 30), number=3
    )


def test_a_statement_of_many_values_with_one_bad_one_writes_none(value):
    good = [
        Value(innovation=value.innovation, indicator=value.indicator, period_end=datetime.date(2020, 1, n), number=n)
        for n in range(1, 20)
    ]
    bad = Value(innovation_id=MISSING, indicator=value.indicator, period_end=datetime.date(2020, 2, 1), number=1)
    refused(lambda: Value.objects.bulk_create([*good, bad]))
    assert Value.objects.count() == 1


def test_deleting_a_referenced_record_through_django_is_protected(value):
    for record in (value.innovation, value.structure, value.indicator, value.source):
        with pytest.raises(ProtectedError):
            record.delete()


@postgresql_only
@pytest.mark.parametrize(
    "model, field", [(Innovation, "innovation"), (Structure, "structure"), (Indicator, "indicator"), (Source, "source")]
)
def test_deleting_a_referenced_record_in_sql_is_refused(value, model, field):
    referenced = model.objects.filter(pk=getattr(value, f"{field}_id"))
    refused(lambda: referenced._raw_delete(referenced.db))
    assert referenced.exists()


@postgresql_only
def test_records_no_value_names_can_still_be_deleted_in_sql(value):
    structure = StructureFactory()
    innovation = InnovationFactory(porteur=structure)
    Innovation.objects.filter(pk=innovation.pk)._raw_delete("default")
    Structure.objects.filter(pk=structure.pk)._raw_delete("default")
    assert not Structure.objects.filter(pk=structure.pk).exists()


def test_a_history_row_naming_a_missing_user_is_refused(value):
    history = Value.history.model
    value.save()  # a change: the value's history begins
    row = history.objects.filter(id=value.pk).values().order_by("history_id").last()
    row.pop("history_id")
    refused(lambda: history.objects.create(**{**row, "history_user_id": MISSING}))
    history.objects.create(**{**row, "history_user_id": None})  # no user: an import from the command line


def test_deleting_a_user_keeps_the_history_of_what_they_wrote(value):
    user = UserFactory()
    value.number = 13
    value._history_user = user
    value.save()
    user.delete()
    latest = Value.history.filter(id=value.pk).latest("history_id")
    assert (latest.number, latest.history_user_id) == (13, None)
