"""The steering committees of the reference programme: the programme's own (seed 000 names its
members; 003 thanks them), which selects the innovations, and the LREF operational committee,
whose members the documents give as the innovation's key actors. Organisations only: the
reference data name no person."""

import pytest
from django.urls import reverse

from essaim.activities.models import CommitteeMember
from essaim.reference.load import load_reference_data
from tests.factories import UserFactory

SEED_000 = ["DGEFP", "DGCS", "Pôle emploi", "CGET", "ADF", "ARF", "Partenaires sociaux", "AG2R", "ProBTP"]


@pytest.fixture
def loaded(db):
    return load_reference_data()


def test_the_programme_steering_committee_has_the_members_seed_000_names(loaded):
    members = CommitteeMember.objects.filter(innovation=None).select_related("source")
    names = [m.organisation for m in members]
    for name in SEED_000:
        assert sum(n.startswith(name) for n in names) == 1, name
    assert "Cabinets ministériels" in names and len(names) == 10
    assert all(m.source is not None and m.person == "" for m in members)
    assert {m.source.document for m in members} == {"000", "003"}


def test_the_lref_operational_committee_is_its_porteur_and_the_programme_team(loaded):
    members = CommitteeMember.objects.filter(innovation__code="LREF")
    assert sorted(m.organisation for m in members) == [
        "Ansa — équipe de l'AIS#Emploi",
        "LAHSo (L'association de l'hôtel social)",
    ]
    assert CommitteeMember.objects.exclude(innovation=None).count() == 2


def test_the_committees_show_where_people_look(loaded, client):
    client.force_login(UserFactory(funder=True))
    calls = client.get(reverse("calls:list")).content.decode().replace("&#x27;", "'")
    assert "DGEFP — Délégation générale à l'emploi et à la formation professionnelle" in calls
    assert "Qu'est-ce que l'AIS#Emploi ?" in calls
    client.force_login(UserFactory(team=True))
    mobilisation = client.get(reverse("activities:mobilisation", args=["LREF"])).content.decode()
    assert "LAHSo (L&#x27;association de l&#x27;hôtel social)" in mobilisation
    assert "Aucun membre enregistré" not in mobilisation
