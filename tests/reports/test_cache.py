"""The reports cache: a report is computed once per state of the data, and again as soon as
anything it reads changes — whatever the path of the write (form, bulk import, history)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from essaim.core.history import record
from essaim.evaluation.models import Indicator, Value
from essaim.imports.fast_write import insert_rows
from essaim.reports import cache as reports_cache
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange


@pytest.fixture
def caching(settings):
    settings.REPORTS_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def test_computed_once_per_state_of_the_data(world, caching):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert reports_cache.cached("x", (1,), compute) == 1
    assert reports_cache.cached("x", (1,), compute) == 1
    assert reports_cache.cached("x", (2,), compute) == 2
    Value.objects.create(
        innovation=world.innovation,
        structure=world.own.structure,
        indicator=Indicator.objects.get(code="people_reached"),
        period_end=datetime.date(2017, 1, 31),
        kind="number",
        number=3,
    )
    assert reports_cache.cached("x", (1,), compute) == 3


@pytest.mark.parametrize("write", ["status", "bulk", "edit", "delete"])
def test_every_kind_of_write_changes_the_version(world, caching, write):
    indicator = Indicator.objects.get(code="people_reached")
    value = Value.objects.create(
        innovation=world.innovation, indicator=indicator, period_end=datetime.date(2016, 12, 31), kind="nc"
    )
    before = reports_cache.data_version()
    if write == "status":
        record(StatusChange, world.own, AdoptionStatus.TRAINED, datetime.date(2016, 9, 1))
    elif write == "bulk":
        fields = ("innovation_id", "structure_id", "indicator_id", "period_end", "kind", "number")
        row = (world.innovation.pk, world.own.structure_id, indicator.pk, datetime.date(2017, 3, 31), "number", 4)
        insert_rows(Value, fields, [row], natural_key=fields[:4])
    elif write == "edit":
        value.kind, value.number = "number", 5
        value.save()
    else:
        value.delete()
    assert reports_cache.data_version() != before


def test_the_page_shows_a_new_value_at_once(client, world, personas, caching):
    client.force_login(personas["team"])
    url = reverse("reports:consolidated") + "?au=2018-01-01"
    assert "cell-missing" in client.get(url).content.decode()
    for adoption, number in ((world.own, 4), (world.other, 5)):
        Value.objects.create(
            innovation=world.innovation,
            structure=adoption.structure,
            indicator=Indicator.objects.get(code="people_reached"),
            period_end=datetime.date(2017, 1, 31),
            kind="number",
            number=number,
        )
    html = client.get(url).content.decode()
    assert '<span class="figure">9</span>' in html
