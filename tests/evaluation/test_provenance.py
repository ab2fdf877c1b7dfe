import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.evaluation.consolidation import consolidate, expected_units
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.provenance import cell_provenance
from essaim.reference.load import load_reference_data
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange

DAYS = [datetime.date(2017, 12, 31), datetime.date(2019, 3, 31), datetime.date(2020, 6, 30), datetime.date(2026, 1, 1)]


@pytest.fixture
def reference(db):
    load_reference_data()


@pytest.mark.parametrize("day", DAYS)
def test_the_values_listed_add_up_to_the_engine_figure(reference, day):
    table = consolidate(day)
    units = expected_units(day)
    for row in table.rows:
        for indicator in Indicator.objects.base():
            cell = row.cells[indicator.code]
            found = cell_provenance(row.innovation, indicator, day, units=units)
            assert found.source == cell.source, (row.innovation.code, indicator.code)
            if cell.has_number:
                assert found.numbers_total == cell.value, (row.innovation.code, indicator.code)
            else:
                assert not any(v.kind == "number" for v in found.values)


def value(adoption, indicator, end, number, kind="number"):
    return Value.objects.create(
        innovation=adoption.innovation,
        structure=adoption.structure,
        indicator=Indicator.objects.get(code=indicator),
        period_end=end,
        kind=kind,
        number=number if kind == "number" else None,
    )


def test_last_takes_each_structure_latest_value_and_names_the_silent(world):
    value(world.own, "people_reached", datetime.date(2017, 1, 31), 4)
    latest = value(world.own, "people_reached", datetime.date(2017, 6, 30), 6)
    found = cell_provenance(world.innovation, Indicator.objects.get(code="people_reached"), datetime.date(2018, 1, 1))
    assert found.values == [latest]
    assert found.silent == [world.other.structure]


def test_an_abandoned_structure_keeps_what_it_reported(world):
    """What happened stays counted: the structure is no longer expected, its value still counts."""
    reported = value(world.own, "people_reached", datetime.date(2017, 1, 31), 4)
    record(StatusChange, world.own, AdoptionStatus.ABANDONED, datetime.date(2017, 3, 1))
    found = cell_provenance(world.innovation, Indicator.objects.get(code="people_reached"), datetime.date(2018, 1, 1))
    assert [v.pk for v in found.values] == [reported.pk] and found.silent == [world.other.structure]


def test_cell_page_shows_structures_to_the_team_only(client, world, personas):
    value(world.own, "people_reached", datetime.date(2017, 1, 31), 4)
    value(world.other, "people_reached", datetime.date(2017, 1, 31), 5)
    url = reverse("reports:cell_source", args=["ALPHA", "people_reached"]) + "?au=2018-01-01"
    for role, names in [
        ("team", {"Structure membre", "Autre structure"}),
        ("innovator", {"Structure membre", "Autre structure"}),
        ("member", {"Structure membre"}),
        ("funder", set()),
    ]:
        client.force_login(personas[role])
        html = client.get(url).content.decode()
        assert {n for n in ("Structure membre", "Autre structure") if n in html} == names, role
        assert "9" in html


def test_cell_page_for_a_derived_indicator_lists_its_parts(client, world, personas):
    client.force_login(personas["team"])
    url = reverse("reports:cell_source", args=["ALPHA", "people_involved_total"])
    html = client.get(url).content.decode()
    assert "Personnes concernées" in html and "Professionnels impliqués" in html


def test_cell_page_for_an_innovation_without_a_row_is_404(client, world, personas):
    client.force_login(personas["team"])
    url = reverse("reports:cell_source", args=["ALPHA", "people_reached"]) + "?au=2000-01-01"
    assert client.get(url).status_code == 404


def test_a_member_sees_its_own_figures_beside_the_programme(client, world, personas):
    value(world.own, "people_reached", datetime.date(2017, 1, 31), 4)
    value(world.other, "people_reached", datetime.date(2017, 1, 31), 5)
    client.force_login(personas["member"])
    response = client.get(reverse("reports:consolidated"), {"au": "2018-01-01"})
    (block,) = response.context["own_figures"]
    line = next(line for line in block["lines"] if line[0].code == "people_reached")
    assert line[1].number == 4 and line[2].value == 9
    assert "Vos chiffres — Alpha" in response.content.decode()
    client.force_login(personas["funder"])
    assert client.get(reverse("reports:consolidated"), {"au": "2018-01-01"}).context["own_figures"] == []
