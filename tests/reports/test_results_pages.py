import pytest
from django.urls import reverse

from essaim.reference.load import load_reference_data
from tests.factories import UserFactory


@pytest.fixture
def funder_client(client, db):
    load_reference_data()
    client.force_login(UserFactory(funder=True))
    return client


def test_two_dates_side_by_side_with_the_difference(funder_client):
    response = funder_client.get(reverse("reports:consolidated"), {"au": "2020-06-30", "comparer": "2019-03-31"})
    changes = response.context["changes"]
    rallyes = next(r for r in changes if r["innovation"] and r["innovation"].code == "RALLYES")
    people = {i.code: c for i, c in rallyes["changes"]}["people_reached"]
    assert (people.before.value, people.after.value, people.difference) == (120, 89, -31)
    html = response.content.decode()
    assert "Évolution du 31 mars 2019 au 30 juin 2020" in html
    assert "\u221231" in html


def test_a_difference_over_nc_is_not_computed(funder_client):
    response = funder_client.get(reverse("reports:consolidated"), {"au": "2020-06-30", "comparer": "2019-03-31"})
    vita = next(r for r in response.context["changes"] if r["innovation"] and r["innovation"].code == "VITA-AIR")
    deld = {i.code: c for i, c in vita["changes"]}["returns_to_employment"]
    assert deld.before.status == "nc" and deld.difference is None


def test_a_bad_comparison_date_says_so(funder_client):
    response = funder_client.get(reverse("reports:consolidated"), {"au": "2020-06-30", "comparer": "2020-02-31"})
    assert response.status_code == 200
    assert "changes" not in response.context
    assert "2020-02-31" in response.content.decode()


def test_every_figure_links_to_its_source(funder_client):
    html = funder_client.get(reverse("reports:consolidated"), {"au": "2019-03-31"}).content.decode()
    assert reverse("reports:cell_source", args=["LREF", "people_reached"]) + "?au=2019-03-31" in html


def test_the_page_draws_its_charts_and_map_with_their_data(funder_client):
    html = funder_client.get(reverse("reports:consolidated"), {"au": "2019-03-31"}).content.decode()
    assert html.count("<svg") >= 3
    assert "Voir les données du graphique" in html
    assert 'data-code="2A"' in html and 'data-code="976"' in html
    assert "Publics et territoires" in html and "Jeunes NEET" in html
