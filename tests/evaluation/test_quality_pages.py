"""The completeness page and the list of violations (access by role is in the matrix)."""

import datetime

import pytest
from django.urls import reverse

from essaim.evaluation.rules import Violation
from essaim.evaluation.validation import check_values
from tests.evaluation.helpers import put, violation_in
from tests.factories import AdoptionFactory, InnovationFactory


@pytest.fixture
def as_role(client, personas):
    def login(role):
        client.force_login(personas[role])
        return client

    return login


def completeness_url(code, period=None):
    url = reverse("evaluation:completeness", args=[code])
    return f"{url}?periode={period}" if period else url


# -- completeness ------------------------------------------------------------------------------


def test_the_innovator_reads_its_innovation_completeness(as_role, world):
    put(world.innovation, "people_reached", 12, structure=world.own.structure)
    response = as_role("innovator").get(completeness_url("ALPHA", "2019-03-31"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 structure sur 2" in html
    assert "0 structure sur 2" in html
    assert "Structures à relancer" in html and "Autre structure" in html
    assert response.context["data"]["period_end"] == datetime.date(2019, 3, 31)


def test_an_innovator_of_another_porteur_is_refused(client, world, personas):
    client.force_login(personas["innovator"])
    assert client.get(completeness_url("BETA")).status_code == 403
    assert client.get(completeness_url("NOPE")).status_code == 404


def test_the_default_period_is_the_latest_reported(as_role, world):
    put(world.innovation, "people_reached", 12, structure=world.own.structure, end=datetime.date(2018, 12, 31))
    put(world.innovation, "people_reached", 15, structure=world.own.structure, end=datetime.date(2019, 6, 30))
    response = as_role("evaluator").get(completeness_url("ALPHA"))
    assert response.context["period_end"] == datetime.date(2019, 6, 30)
    assert "?periode=2018-12-31" in response.content.decode()


def test_a_bad_period_is_said_in_french(as_role, world):
    response = as_role("team").get(completeness_url("ALPHA", "31/03/2019"))
    assert response.status_code == 200
    assert "Date invalide : utilisez le format AAAA-MM-JJ." in response.content.decode()


def test_completeness_queries_are_bounded(as_role, world, django_assert_max_num_queries):
    client = as_role("evaluator")
    for n in range(30):
        adoption = AdoptionFactory(innovation=world.innovation)
        put(world.innovation, "people_reached", n, structure=adoption.structure)
    with django_assert_max_num_queries(11):  # one of them: the campaigns asking these figures
        assert client.get(completeness_url("ALPHA", "2019-03-31")).status_code == 200


# -- violations --------------------------------------------------------------------------------


def test_the_list_shows_open_violations(as_role, world):
    violation = violation_in(world)
    html = as_role("evaluator").get(reverse("evaluation:violations")).content.decode()
    assert "1 anomalie" in html
    assert "DELD revenus à l&#x27;emploi (40) &gt; Personnes concernées (DELD et jeunes) (36)" in html
    assert reverse("evaluation:check_violation", args=[violation.pk]) in html


def test_marking_a_violation_checked_keeps_it_with_who_when_and_why(as_role, world, personas):
    violation = violation_in(world)
    client = as_role("evaluator")
    listing = reverse("evaluation:violations") + "?etat=ouvertes"
    response = client.post(
        reverse("evaluation:check_violation", args=[violation.pk]),
        {"note": "Confirmé par téléphone : 4 personnes suivies hors file active.", "next": listing},
    )
    assert response.status_code == 302 and response.url == listing
    violation.refresh_from_db()
    assert violation.checked and violation.checked_by == personas["evaluator"] and violation.checked_at
    assert violation.note.startswith("Confirmé par téléphone")
    # Gone from the open list, kept in the checked one and by the next check.
    assert "0 anomalie" in client.get(listing).content.decode()
    checked = client.get(reverse("evaluation:violations"), {"etat": "verifiees"}).content.decode()
    assert "Confirmé par téléphone" in checked
    check_values()
    assert Violation.objects.get().checked


def test_a_note_is_required(as_role, world):
    violation = violation_in(world)
    response = as_role("team").post(
        reverse("evaluation:check_violation", args=[violation.pk]), {"note": " "}, follow=True
    )
    assert "Expliquez en une note" in response.content.decode()
    violation.refresh_from_db()
    assert not violation.checked


def test_an_outside_next_is_ignored(as_role, world):
    violation = violation_in(world)
    response = as_role("team").post(
        reverse("evaluation:check_violation", args=[violation.pk]), {"note": "ok", "next": "https://exemple.org/"}
    )
    assert response.url == reverse("evaluation:violations")


def test_filters(as_role, world):
    violation_in(world)
    put(world.unrelated, "returns_to_employment", 9, structure=world.foreign.structure)
    put(world.unrelated, "people_reached", 3, structure=world.foreign.structure)
    check_values()
    client = as_role("team")

    def count(**params):
        return client.get(reverse("evaluation:violations"), params).context["page"].paginator.count

    assert count() == 2
    assert count(innovation="BETA") == 1
    assert count(rule=Violation.objects.first().rule_id) == 2
    assert count(etat="verifiees") == 0
    assert count(etat="toutes") == 2
    response = client.get(reverse("evaluation:violations"), {"innovation": "NOPE"})
    assert "Innovation :" in response.content.decode()


def test_running_the_checks_from_the_page(as_role, world):
    put(world.innovation, "returns_to_employment", 40, structure=world.own.structure)
    put(world.innovation, "people_reached", 36, structure=world.own.structure)
    response = as_role("evaluator").post(reverse("evaluation:run_checks"), {"innovation": "ALPHA"}, follow=True)
    assert "1 anomalie dont 1 à examiner" in response.content.decode()
    assert Violation.objects.count() == 1


def test_the_list_queries_are_bounded(as_role, db, world, django_assert_max_num_queries):
    client = as_role("evaluator")
    for _ in range(30):
        innovation = InnovationFactory()
        put(innovation, "returns_to_employment", 40)
        put(innovation, "people_reached", 36)
    check_values()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("evaluation:violations"), {"etat": "toutes"})
    assert response.context["page"].paginator.count == 30
