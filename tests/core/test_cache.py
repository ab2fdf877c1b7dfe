"""The reports cache: a report is computed once per state of the data, and again as soon as
anything it reads changes — whatever the path of the write (form, bulk import, history)."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity, Attendance
from essaim.core import cache as reports_cache
from essaim.core.history import record
from essaim.evaluation.models import Indicator, Value
from essaim.imports.fast_write import insert_rows
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange


@pytest.fixture
def caching(settings):
    settings.REPORTS_CACHE = True
    cache = caches[reports_cache.CACHE_ALIAS]
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


def training(world):
    activity = Activity.objects.create(
        innovation=world.innovation,
        kind=ActivityKind.REGIONAL_TRAINING,
        title="Formation",
        starts_on=datetime.date(2016, 10, 3),
    )
    return Attendance.objects.create(activity=activity, structure=world.own.structure, professionals=2)


WRITES = [
    "status",
    "status corrected",
    "status removed",
    "bulk",
    "edit",
    "delete",
    "activity",
    "attendance",
    "attendance removed",
]


@pytest.mark.parametrize("write", WRITES)
def test_every_kind_of_write_changes_the_version(world, caching, write):
    indicator = Indicator.objects.get(code="people_reached")
    value = Value.objects.create(
        innovation=world.innovation, indicator=indicator, period_end=datetime.date(2016, 12, 31), kind="nc"
    )
    attendance = training(world)
    entry = StatusChange.objects.filter(adoption=world.own).get()
    before = reports_cache.data_version()
    if write == "status":
        record(StatusChange, world.own, AdoptionStatus.TRAINED, datetime.date(2016, 9, 1))
    elif write == "status corrected":  # in the administration: the entry's date, its count unchanged
        entry.on = datetime.date(2016, 5, 2)
        entry.save()
    elif write == "status removed":
        entry.delete()
    elif write == "activity":
        attendance.activity.starts_on = datetime.date(2016, 10, 4)
        attendance.activity.save()
    elif write == "attendance":
        attendance.professionals = 3
        attendance.save()
    elif write == "attendance removed":
        attendance.delete()
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


def test_the_trained_professionals_follow_the_attendance_at_once(client, world, personas, caching):
    client.force_login(personas["team"])
    attendance = training(world)
    url = reverse("reports:consolidated") + "?au=2018-01-01"
    assert '<td class="num derived">2</td>' in client.get(url).content.decode()
    attendance.professionals = 7
    attendance.save()
    assert '<td class="num derived">7</td>' in client.get(url).content.decode()


def test_the_dashboard_shows_a_new_innovation_at_once(client, world, personas, caching):
    client.force_login(personas["team"])
    assert "Gamma" not in client.get(reverse("reports:dashboard")).content.decode()
    world.innovation.name = "Gamma"
    world.innovation.save()
    assert "Gamma" in client.get(reverse("reports:dashboard")).content.decode()


def test_the_innovation_page_shows_a_status_change_at_once(client, world, personas, caching):
    url = reverse("innovations:detail", args=[world.innovation.code])
    client.force_login(personas["team"])
    html = client.get(url).content.decode()
    assert "badge-trained" not in html
    assert "Formée : <strong>0</strong>" in html
    record(StatusChange, world.own, AdoptionStatus.TRAINED, datetime.date(2016, 9, 1))
    html = client.get(url).content.decode()
    assert "badge-trained" in html  # the adoption table
    assert "Formée : <strong>1</strong>" in html  # the adoptions by status


def test_the_innovation_page_keeps_each_reader_to_their_adoptions(client, world, personas, caching):
    """The adoption table rendered for those who see everything is never served to a member."""
    url = reverse("innovations:detail", args=[world.innovation.code])
    client.force_login(personas["team"])
    assert "Autre structure" in client.get(url).content.decode()
    client.force_login(personas["member"])
    html = client.get(url).content.decode()
    assert "Structure membre" in html
    assert "Autre structure" not in html
