import datetime

import pytest
from django.urls import reverse

from essaim.core.figures import Cell, CellStatus
from essaim.reference.load import load_reference_data
from essaim.reference.loader import ReferenceDataError
from essaim.reports import figures, published
from tests.factories import UserFactory
from tests.reference.test_loader import broken_copy

ANNEXE = datetime.date(2019, 3, 31)


@pytest.fixture
def reference(db):
    load_reference_data()


def by_key(found):
    return {c.figure.key: c for c in found}


def test_the_report_body_disagrees_with_its_annexe(reference):
    found = by_key(published.comparisons())
    deld = found["report-body-deld"]
    assert (deld.figure.value, deld.computed.value, deld.verdict) == ("1082", 1058, published.DIFFERENT)
    assert deld.figure.source.key == "003-p2-1"
    assert found["annexe1-total-people"].verdict == published.SAME
    assert found["annexe1-total-persons-involved"].computed.value == 1412


def test_territories_published_twice_are_both_checked(reference):
    found = by_key(published.comparisons())
    assert found["report-body-territories"].figure.value == "46"
    assert found["slides-2018-territories"].figure.value == "42"
    assert found["slides-2018-territories"].figure.as_of == datetime.date(2017, 12, 7)
    assert {found[k].verdict for k in ("report-body-territories", "slides-2018-territories")} == {published.DIFFERENT}


def test_nc_and_partial_totals_compare_as_published(reference):
    found = by_key(published.comparisons())
    assert found["annexe1-VITA-AIR-deld-in-work"].verdict == published.SAME  # nc = nc
    total = found["annexe1-total-deld-in-work"]
    assert total.computed.status == CellStatus.PARTIAL and total.verdict == published.SAME


def test_a_rounded_published_ratio_agrees(reference):
    found = by_key(published.comparisons())
    assert found["report-body-persons-per-structure"].computed.value == 12.4
    assert found["report-body-persons-per-structure"].verdict == published.SAME


def test_dropouts_published_against_the_status_history(reference):
    found = by_key(published.comparisons())
    assert found["dropouts-VITA-AIR-left"].verdict == published.SAME
    assert found["dropouts-VITA-AIR-total"].computed.value == 7
    assert found["dropouts-PARCOURS-GARDIEN-total"].computed.value == 18
    assert found["dropouts-PARCOURS-GARDIEN-left"].figure.value == "3"  # 003 p. 2-6 says 3/18, 003-pg 4 of 17


def test_differences_come_first(reference):
    verdicts = [c.verdict for c in published.comparisons()]
    assert verdicts == sorted(verdicts, key=[published.DIFFERENT, published.NOT_COMPUTED, published.SAME].index)


@pytest.mark.parametrize(
    "published_value, cell, verdict",
    [
        ("12", Cell(value=12.4, status="value"), published.SAME),
        ("12", Cell(value=12.6, status="value"), published.DIFFERENT),
        ("nc", Cell(status="nc"), published.SAME),
        ("nc", Cell(status="ne"), published.DIFFERENT),
        ("0", Cell(status="nc"), published.DIFFERENT),
        ("5", Cell(), published.NOT_COMPUTED),
    ],
)
def test_verdict(published_value, cell, verdict):
    assert published.verdict(published_value, cell) == verdict


def test_key_figures_as_of_annexe_one(reference):
    found = {f.code: f.cell for f in figures.key_figures(ANNEXE)}
    measures = ("structures_reached", "people_reached", "professionals_involved", "companies_involved")
    assert [found[k].value for k in measures] == [85, 1058, 354, 214]
    assert found["innovations"].value == 9  # TZC entered in 2015; the report counts 8
    assert found["departements"].value >= 1


def test_key_figures_before_anything(reference):
    found = {f.code: f.cell for f in figures.key_figures(datetime.date(2014, 1, 1))}
    assert found["innovations"].value == 0
    assert found["people_reached"].status == CellStatus.MISSING


def test_public_page_shows_figures_as_of_a_date(client, reference):
    html = client.get(reverse("reports:public"), {"au": "2019-03-31"}).content.decode()
    assert "1\xa0058" in html
    assert "31 mars 2019" in html


def test_public_page_with_a_bad_date_says_so(client, reference):
    response = client.get(reverse("reports:public"), {"au": "2019-02-30"})
    assert response.status_code == 200
    assert "n&#x27;est pas valide" in response.content.decode()


def test_published_page_lists_both_sources(client, reference):
    client.force_login(UserFactory(funder=True))
    html = client.get(reverse("reports:published")).content.decode()
    assert "1082" in html and "1\xa0058" in html
    assert "Corps du rapport" in html and "Annexe I" in html
    assert "différent" in html


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('measure = "people_reached"', 'measure = "people_reachd"', "champ measure"),
        (
            'measure = "dropouts_abandoned"\ninnovation = "VITA-AIR"',
            'measure = "dropouts_abandoned"\ninnovation = "VITA"',
            "innovation inconnue « VITA »",
        ),
        ('measure = "departements"\nas_of = 2017-12-07\n', 'measure = "departements"\n', "champ as_of"),
    ],
)
def test_a_bad_published_figure_link_is_refused(db, tmp_path, old, new, message):
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(broken_copy(tmp_path, old, new))
    assert message in str(error.value)
