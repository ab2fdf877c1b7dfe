"""The to-do page (« À faire »), the home after login: each role sees what waits for it, the
most pressing first, each item a link to where it is done."""

import datetime

import pytest
from django.urls import reverse

from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.enums import ValidationState
from essaim.evaluation.models import Indicator, Value
from essaim.jobs.models import Job
from essaim.programmes import scope
from essaim.programmes.models import Programme
from essaim.web.todo import sections
from tests.calls.helpers import assign, candidate, open_call
from tests.evaluation.helpers import put, violation_in

pytestmark = pytest.mark.django_db

END = datetime.date(2019, 3, 31)
TODAY = datetime.date(2019, 4, 25)


@pytest.fixture
def campaign(world):
    made = Campaign.objects.create(
        title="Chiffres du premier trimestre 2019",
        innovation=world.innovation,
        period_end=END,
        opens_on=datetime.date(2019, 4, 1),
        deadline=datetime.date(2019, 4, 30),
    )
    made.indicators.set(Indicator.objects.filter(code__in=["people_reached", "returns_to_employment"]))
    return made


def found(user, today=TODAY):
    with scope.activate(Programme.objects.get()):
        return {
            heading: [(item.title, item.detail, item.url, item.tone) for item in items]
            for heading, items in sections(user, today)
        }


def test_the_member_sees_the_figures_due_then_what_is_left_to_transmit(world, personas, campaign):
    due = found(personas["member"])["Chiffres à transmettre"]
    assert len(due) == 1  # its own structure only
    title, detail, url, tone = due[0]
    assert "Structure membre" in title and "31 mars 2019" in title
    assert detail == "0 indicateur sur 2 renseignés · à rendre le 30 avril 2019" and tone == "due"
    assert url == reverse("evaluation:entry", args=[world.own.pk]) + "?periode=2019-03-31"
    put(world.innovation, "people_reached", "12", structure=world.own.structure, end=END)
    put(world.innovation, "returns_to_employment", "nc", structure=world.own.structure, end=END)
    assert found(personas["member"])["Chiffres à transmettre"][0][1].startswith(
        "Tout est saisi : il reste à transmettre"
    )
    Value.objects.filter(structure=world.own.structure).update(state=ValidationState.SUBMITTED)
    assert "Chiffres à transmettre" not in found(personas["member"])
    late = found(personas["member"], datetime.date(2019, 5, 2))
    assert "Chiffres à transmettre" not in late  # transmitted: nothing due, even after the deadline


def test_a_returned_value_waits_for_its_correction(world, personas):
    value = put(world.innovation, "people_reached", "12", structure=world.own.structure, end=END)
    Value.objects.filter(pk=value.pk).update(state=ValidationState.RETURNED, review_note="Vérifiez")
    (item,) = found(personas["member"])["Valeurs à corriger"]
    assert item[1] == "1 valeur renvoyée avec une note"
    assert item[2] == reverse("evaluation:entry", args=[world.own.pk]) + "?periode=2019-03-31"


def test_the_evaluator_sees_submissions_anomalies_and_reviews(world, personas):
    put(world.innovation, "people_reached", "12", structure=world.other.structure, end=END)
    Value.objects.update(state=ValidationState.SUBMITTED)
    violation_in(world)
    assign(candidate(open_call(2019)), personas["evaluator"])
    seen = found(personas["evaluator"])
    assert [t for t, *_ in seen["Chiffres transmis à valider"]] == [
        f"Autre structure — {world.innovation.name}, chiffres au 31 mars 2019"
    ]
    assert seen["Anomalies à examiner"][0][0] == "1 anomalie à examiner"
    assert seen["Candidatures à évaluer"][0][0].startswith("Projet Gamma")
    assert "Candidatures à évaluer" not in found(personas["team"])  # assigned to someone else


def test_the_team_sees_campaigns_structures_without_referent_and_failed_jobs(world, personas, campaign):
    Job.objects.create(
        user=personas["team"],
        programme=world.innovation.programme,
        kind="consolidated",
        as_of=END,
        format="pdf",
        status=Job.Status.FAILED,
        error="Le rendu a échoué.",
    )
    seen = found(personas["team"], datetime.date(2019, 5, 2))
    (item,) = seen["Campagnes de collecte"]
    assert item[1].startswith("2 structures en retard") and item[3] == "late"
    assert "sans référent" in seen["Structures sans référent"][0][0]
    assert seen["Travaux en échec"][0][1] == "Le rendu a échoué."
    assert list(seen)[0] == "Campagnes de collecte"  # late first


def test_the_porteur_sees_its_late_structures(world, personas, campaign):
    seen = found(personas["innovator"], datetime.date(2019, 5, 2))
    assert {t for t, *_ in seen["Structures en retard"]} == {
        f"Structure membre — {world.innovation.name}",
        f"Autre structure — {world.innovation.name}",
    }
    assert "Structures en retard" not in found(personas["innovator"])  # before the deadline


def test_the_funder_reads_the_latest_results(world, personas):
    seen = found(personas["funder"])
    titles = [t for t, *_ in seen["À lire"]]
    assert titles[0] == "Résultats consolidés au 31 mars 2019"
    assert f"Rapport : {world.innovation.name}" in titles
    assert list(seen) == ["À lire"]


def test_the_page_is_the_home_after_login(client, world, personas, campaign):
    personas["member"].set_password("un mot de passe solide 2019")
    personas["member"].save()
    response = client.post(
        reverse("account_login"), {"login": personas["member"].email, "password": "un mot de passe solide 2019"}
    )
    assert response.status_code == 302 and response.url == reverse("web:todo")
    page = client.get(reverse("web:todo")).content.decode()
    assert "<h1>À faire</h1>" in page


def test_nothing_waiting_says_so(client, personas):
    client.force_login(personas["member"])
    assert "Rien ne vous attend" in client.get(reverse("web:todo")).content.decode()


def test_a_long_section_shows_the_most_pressing_and_counts_the_rest(client, world, personas, monkeypatch):
    monkeypatch.setattr("essaim.web.todo.SHOWN", 1)
    for structure in (world.own.structure, world.other.structure):
        put(world.innovation, "people_reached", "12", structure=structure, end=END)
    Value.objects.update(state=ValidationState.SUBMITTED)
    client.force_login(personas["evaluator"])
    page = client.get(reverse("web:todo")).content.decode()
    assert '<span class="count">2</span>' in page and "… et 1 autre, les moins pressant." in page
