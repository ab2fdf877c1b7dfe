"""The admin, for the programme team: pages open, bad input is refused in French, nothing written."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from tests.factories import AdoptionFactory, InnovationFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(team=True))
    return client


@pytest.mark.parametrize(
    "name", ["structure", "innovation", "adoption", "user", "network", "source", "departement", "publishedfigure"]
)
def test_admin_lists_and_add_pages_open(admin_client, name):
    app = {
        "structure": "organizations",
        "network": "organizations",
        "innovation": "innovations",
        "adoption": "swarming",
        "user": "accounts",
        "source": "sources",
        "departement": "territories",
        "publishedfigure": "reference",
    }[name]
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 200


def test_change_pages_open(admin_client):
    adoption = AdoptionFactory()
    assert admin_client.get(reverse("admin:swarming_adoption_change", args=[adoption.pk])).status_code == 200
    url = reverse("admin:innovations_innovation_change", args=[adoption.innovation.pk])
    assert admin_client.get(url).status_code == 200
    assert (
        admin_client.get(reverse("admin:organizations_structure_history", args=[adoption.structure.pk])).status_code
        == 200
    )


def test_a_structure_with_a_bad_siret_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:organizations_structure_add"),
        {
            "name": "Essai",
            "kind": "ACI",
            "siret": "73282932000075",
            "departement": "38",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "clé de contrôle incorrecte" in response.content.decode()
    assert not Structure.objects.exists()


def test_a_structure_in_an_unknown_departement_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:organizations_structure_add"),
        {
            "name": "Essai",
            "kind": "ACI",
            "departement": "99",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "departement" in response.context["adminform"].form.errors
    assert not Structure.objects.exists()


def test_a_step_dated_backwards_in_the_admin_is_refused(admin_client):
    innovation = InnovationFactory()
    record(StepChange, innovation, Step.IDENTIFICATION, datetime.date(2016, 1, 1))
    record(StepChange, innovation, Step.FEASIBILITY, datetime.date(2016, 6, 1))
    entries = list(innovation.step_changes.all())
    data = {
        "code": innovation.code,
        "name": innovation.name,
        "porteur": innovation.porteur.pk,
        "step_changes-TOTAL_FORMS": "3",
        "step_changes-INITIAL_FORMS": "2",
        "step_changes-2-step": Step.MOBILISATION,
        "step_changes-2-on": "2016-03-01",
        "step_changes-2-innovation": innovation.pk,
    }
    for n, entry in enumerate(entries):
        data |= {
            f"step_changes-{n}-id": entry.pk,
            f"step_changes-{n}-innovation": innovation.pk,
            f"step_changes-{n}-step": entry.step,
            f"step_changes-{n}-on": entry.on.isoformat(),
        }
    response = admin_client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]), data)
    assert response.status_code == 200
    assert "ne peut pas remonter le temps" in response.content.decode()
    assert innovation.step_changes.count() == 2
    assert Innovation.objects.get(pk=innovation.pk).step == Step.FEASIBILITY


def test_the_admin_speaks_correct_french(admin_client):
    """Elision in titles (« Modification d'innovation », not « de innovation »), the yes/no and
    search icons, history entries and empty change reasons in French; no English « object »."""
    adoption = AdoptionFactory()
    record(StepChange, adoption.innovation, Step.FEASIBILITY, datetime.date(2016, 5, 12))
    page = admin_client.get(reverse("admin:innovations_innovation_change", args=[adoption.innovation.pk]))
    text = page.content.decode()
    assert "<h1>Modification d’innovation</h1>" in text
    assert "de innovation" not in text and "object (" not in text
    assert "Étude de faisabilité le 12 mai 2016" in text
    add = admin_client.get(reverse("admin:organizations_structure_add")).content.decode()
    assert "Ajout de structure" in add  # « de » stays before a consonant
    users = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'alt="Oui"' in users and 'alt="True"' not in users
    assert 'alt="Rechercher"' in users and 'alt="Search"' not in users
    history = admin_client.get(reverse("admin:organizations_structure_history", args=[adoption.structure.pk]))
    assert ">None<" not in "".join(history.content.decode().split())
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Réseaux" in index and "Réseaus" not in index


def test_no_groups_of_english_permissions(admin_client):
    """Roles say who may do what; Django names its permissions in English (« Can view … »)."""
    assert admin_client.get("/admin/auth/group/").status_code == 404
