"""Calls for projects: creating one with its rubric, opening it, applying to it."""

import pytest
from django.urls import reverse

from essaim.calls.enums import EvidenceLevel
from essaim.calls.models import Call, Candidate, Criterion
from essaim.organizations.models import Structure
from tests.calls.helpers import candidate, open_call
from tests.factories import StructureFactory, UserFactory

CALL = {
    "year": "2024",
    "title": "Appel à projets 2024",
    "opens_on": "2024-01-15",
    "closes_on": "2024-03-31",
    "committee_on": "2024-05-15",
}


@pytest.fixture
def team(client, db):
    client.force_login(UserFactory(team=True))
    return client


def test_a_new_call_has_the_three_indicators_as_rubric(team):
    response = team.post(reverse("calls:create"), CALL)
    call = Call.objects.get()
    assert response.url == reverse("calls:detail", args=[call.pk])
    assert call.status == "draft"
    assert list(call.criteria.values_list("label", "max_score")) == [
        ("Efficacité prouvée à petite échelle", 5),
        ("Volonté de transposer", 5),
        ("Processus de mise en œuvre formalisé", 5),
    ]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"closes_on": "2024-01-01"}, "La clôture des candidatures ne peut pas précéder leur ouverture."),
        ({"committee_on": "2024-02-01"}, "avant la clôture des candidatures"),
        ({"closes_on": ""}, "Ce champ est obligatoire."),
        ({"closes_on": "2024-02-30"}, "Saisissez une date valide."),
    ],
)
def test_bad_dates_get_a_french_error_and_nothing_is_written(team, changes, message):
    response = team.post(reverse("calls:create"), CALL | changes)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Call.objects.exists() and not Criterion.objects.exists()


def test_one_call_per_year(team):
    open_call(year=2024)
    response = team.post(reverse("calls:create"), CALL)
    assert response.status_code == 400 and "existe déjà pour cette année" in response.content.decode()


def test_a_criterion_is_added_and_a_duplicate_refused(team):
    call = open_call()
    url = reverse("calls:criterion_add", args=[call.pk])
    assert team.post(url, {"label": "Ancrage territorial", "max_score": 10}).status_code == 302
    response = team.post(url, {"label": "Ancrage territorial", "max_score": 5})
    assert response.status_code == 400 and "figure déjà dans la grille" in response.content.decode()
    response = team.post(url, {"label": "Trop", "max_score": 50})
    assert response.status_code == 400 and "au plus 20" in response.content.decode()
    assert call.criteria.count() == 4


def test_opening_needs_a_rubric(team):
    call = open_call(status="draft")
    call.criteria.all().delete()
    team.post(reverse("calls:status", args=[call.pk]), {"status": "open"})
    call.refresh_from_db()
    assert call.status == "draft"


def test_the_team_records_an_application_for_a_new_porteur(team):
    call = open_call()
    data = {
        "new_porteur_name": "Association Delta",
        "new_porteur_kind": "ASSOCIATION",
        "project_name": "Delta",
        "submitted_on": "2020-02-10",
    }
    response = team.post(reverse("calls:apply", args=[call.pk]), data)
    gamma = Candidate.objects.get()
    assert response.url == reverse("calls:candidate", args=[gamma.pk])
    assert gamma.porteur.name == "Association Delta" and gamma.porteur.key == "association-delta"


def test_a_refused_application_creates_no_porteur(team):
    call = open_call()
    data = {"new_porteur_name": "Association Delta", "new_porteur_kind": "ASSOCIATION", "project_name": ""}
    assert team.post(reverse("calls:apply", args=[call.pk]), data).status_code == 400
    assert not Structure.objects.exists() and not Candidate.objects.exists()


def test_an_innovator_applies_for_its_own_structure_only(client, db):
    call = open_call()
    own, other = StructureFactory(name="La nôtre"), StructureFactory(name="Une autre")
    client.force_login(UserFactory(innovator=True, structures=[own]))
    url = reverse("calls:apply", args=[call.pk])
    response = client.post(url, {"porteur": other.pk, "project_name": "Epsilon"})
    assert response.status_code == 400 and not Candidate.objects.exists()
    response = client.post(url, {"porteur": own.pk, "project_name": "Epsilon", "transfer_will": "Oui."})
    assert response.status_code == 302
    assert Candidate.objects.get().porteur == own


def test_an_innovator_cannot_apply_to_a_closed_call(client, db):
    call = open_call(status="closed")
    own = StructureFactory()
    client.force_login(UserFactory(innovator=True, structures=[own]))
    response = client.post(reverse("calls:apply", args=[call.pk]), {"porteur": own.pk, "project_name": "Zeta"})
    assert response.status_code == 302 and not Candidate.objects.exists()


def test_preselection_indicators_and_evidence_level(team):
    gamma = candidate(open_call())
    data = {"proven_effect": "yes", "transfer_ready": "partly", "formalised": "no", "evidence_level": "3"}
    assert team.post(reverse("calls:preselection", args=[gamma.pk]), data).status_code == 302
    gamma.refresh_from_db()
    assert (gamma.proven_effect, gamma.transfer_ready, gamma.formalised) == ("yes", "partly", "no")
    assert gamma.evidence_level == EvidenceLevel.CAUSATION
    response = team.post(reverse("calls:preselection", args=[gamma.pk]), data | {"evidence_level": "7"})
    assert response.status_code == 400
    gamma.refresh_from_db()
    assert gamma.evidence_level == 3


def test_the_calls_page_names_the_programme_steering_committee_and_no_innovation_committee(client, db):
    from essaim.activities.models import CommitteeMember
    from tests.factories import InnovationFactory, ProgrammeFactory

    ProgrammeFactory()  # the installation's programme, whose steering committee this is
    CommitteeMember.objects.create(organisation="DGEFP", function="Membre fondateur")
    CommitteeMember.objects.create(organisation="AG2R LA MONDIALE", person="Dominique Exemple")
    CommitteeMember.objects.create(innovation=InnovationFactory(code="ALPHA"), organisation="Porteur d'Alpha")
    client.force_login(UserFactory(funder=True))
    page = client.get(reverse("calls:list")).content.decode()
    section = page[page.index("Comité de pilotage du programme") :]
    assert "DGEFP" in section and "Membre fondateur" in section and "AG2R LA MONDIALE" in section
    assert "Porteur d&#x27;Alpha" not in page and "Dominique Exemple" not in page
    assert "Gérer les membres" not in page
