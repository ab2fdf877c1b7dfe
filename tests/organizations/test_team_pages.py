"""The team's pages of the structures' registry: create (SIRET checked, duplicates caught),
correct (networks), merge a duplicate, read the history; structures followed without an active
referent are flagged. No daily task needs the admin."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from essaim.accounts.models import Membership, User
from essaim.organizations.models import Network, Structure
from essaim.programmes import scope
from essaim.swarming.models import Adoption
from tests.factories import (
    AdoptionFactory,
    InnovationFactory,
    ProgrammeFactory,
    StructureFactory,
    UserFactory,
    current_programme,
)
from tests.followup.helpers import person

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"
PASSWORD = "une-phrase-de-passe-solide"


@pytest.fixture
def team(client):
    boss = UserFactory(team=True, full_name="Camille Martin")
    client.force_login(boss)
    return boss


def page(response):
    return response.content.decode()


def test_the_team_creates_a_structure_with_its_siret_and_networks(client, team):
    coorace = Network.objects.create(code="coorace", name="COORACE")
    response = client.post(
        reverse("organizations:create"),
        {
            "name": "Atelier du Nord",
            "kind": "ACI",
            "siret": "732 829 320 00074",
            "departement": "38",
            "city": "Grenoble",
            "networks": [coorace.pk],
        },
    )
    structure = Structure.objects.get(name="Atelier du Nord")
    assert response.status_code == 302 and response.url == reverse("organizations:detail", args=[structure.pk])
    assert structure.siret == VALID_SIRET and list(structure.networks.all()) == [coorace]
    history = page(client.get(reverse("organizations:history", args=[structure.pk])))
    assert "Création" in history and "Camille Martin" in history and "COORACE" in history


def test_a_wrong_siret_is_refused_in_french_and_nothing_is_saved(client, team):
    response = client.post(
        reverse("organizations:create"), {"name": "Atelier du Nord", "kind": "ACI", "siret": "73282932000075"}
    )
    assert response.status_code == 400
    assert "clé de contrôle incorrecte" in page(response) and "Rien n'a été enregistré" in page(response)
    assert not Structure.objects.filter(name="Atelier du Nord").exists()


def test_a_likely_duplicate_is_shown_before_a_second_record_is_made(client, team):
    existing = StructureFactory(name="Régie de l'Isère")
    response = client.post(reverse("organizations:create"), {"name": "REGIE DE L'ISERE", "kind": "ACI"})
    assert response.status_code == 400
    assert reverse("organizations:detail", args=[existing.pk]) in page(response)
    assert "C&#x27;est une autre structure" in page(response)
    assert Structure.objects.count() == 1
    client.post(reverse("organizations:create"), {"name": "REGIE DE L'ISERE", "kind": "ACI", "create_anyway": "on"})
    assert Structure.objects.count() == 2


def test_a_correction_keeps_each_field_before_and_after(client, team):
    structure = StructureFactory(name="Atelier du Nord", city="")
    fas = Network.objects.create(code="fas", name="Fédération des acteurs de la solidarité")
    response = client.post(
        reverse("organizations:edit", args=[structure.pk]),
        {"name": "Atelier du Nord-Isère", "kind": "ACI", "departement": "38", "city": "Voiron", "networks": [fas.pk]},
    )
    assert response.status_code == 302
    history = page(client.get(reverse("organizations:history", args=[structure.pk])))
    assert "Atelier du Nord-Isère" in history and "Voiron" in history
    assert "Fédération des acteurs de la solidarité" in history  # the networks, in the reason


def merge_url(kept, duplicate=None):
    url = reverse("organizations:merge", args=[kept.pk])
    return f"{url}?doublon={duplicate.pk}" if duplicate else url


def test_a_duplicate_merges_into_the_structure_kept_with_everything_it_held(client, team):
    kept = StructureFactory(name="Atelier du Nord", departement_id=None)
    duplicate = StructureFactory(name="ATELIER DU NORD", siret=VALID_SIRET, departement_id="38")
    network = Network.objects.create(code="coorace", name="COORACE")
    duplicate.networks.add(network)
    adoption = AdoptionFactory(structure=duplicate)
    member = UserFactory(member=True, structures=[duplicate])
    both = UserFactory(member=True, lead=True, structures=[kept, duplicate])

    assert "ATELIER DU NORD" in page(client.get(merge_url(kept)))  # a likely duplicate: the same name
    preview = page(client.get(merge_url(kept, duplicate)))
    assert "Essaimages : 1" in preview and "Appartenances : 2" in preview
    response = client.post(merge_url(kept), {"doublon": duplicate.pk})
    assert response.status_code == 302 and response.url == reverse("organizations:detail", args=[kept.pk])

    assert not Structure.objects.filter(pk=duplicate.pk).exists()
    kept.refresh_from_db()
    assert kept.siret == VALID_SIRET and kept.departement_id == "38" and list(kept.networks.all()) == [network]
    assert Adoption.objects.get(pk=adoption.pk).structure == kept
    assert member.memberships.get().structure == kept
    assert both.memberships.active().count() == 1  # the same membership twice: one is ended
    assert both.memberships.get(ended_at=None).is_lead
    history = page(client.get(reverse("organizations:history", args=[kept.pk])))
    assert "Fusion avec « ATELIER DU NORD »" in history
    assert Adoption.history.filter(id=adoption.pk).latest().history_user == team


def test_a_merge_that_would_double_a_row_is_refused_and_changes_nothing(client, team):
    kept, duplicate = StructureFactory(name="Atelier du Nord"), StructureFactory(name="Atelier Nord")
    innovation = InnovationFactory()
    AdoptionFactory(structure=kept, innovation=innovation)
    AdoptionFactory(structure=duplicate, innovation=innovation)
    assert "la même chose" in page(client.get(merge_url(kept, duplicate)))
    response = client.post(merge_url(kept), {"doublon": duplicate.pk}, follow=True)
    assert "réglez ce doublon avant de fusionner" in page(response)
    assert Structure.objects.filter(pk=duplicate.pk).exists() and duplicate.adoptions.count() == 1


def test_a_duplicate_with_people_followed_is_not_merged(client, team):
    kept, duplicate = StructureFactory(name="Atelier du Nord"), StructureFactory(name="Atelier Nord")
    person(duplicate, AdoptionFactory(structure=duplicate).innovation)
    response = client.post(merge_url(kept), {"doublon": duplicate.pk}, follow=True)
    assert "leur pseudonyme tient à leur structure" in page(response)
    assert Structure.objects.filter(pk=duplicate.pk).exists()


def test_a_duplicate_another_programme_uses_is_left_to_the_installation(client, team):
    kept, duplicate = StructureFactory(name="Atelier du Nord"), StructureFactory(name="Atelier Nord")
    other = ProgrammeFactory(code="OCC", name="Occitanie")
    with scope.activate(other):
        elsewhere = AdoptionFactory(structure=duplicate, innovation=InnovationFactory(programme=other))
    response = client.post(merge_url(kept), {"doublon": duplicate.pk}, follow=True)
    assert "sert aussi à un autre programme" in page(response) and "Occitanie" not in page(response)
    with scope.unscoped():
        assert Adoption.objects.get(pk=elsewhere.pk).structure == duplicate
    with pytest.raises(CommandError, match="Aucune structure"):
        call_command("merge_structures", kept.pk, 999999)
    call_command("merge_structures", kept.pk, duplicate.pk)  # the operator, across programmes
    with scope.unscoped():
        assert Adoption.objects.get(pk=elsewhere.pk).structure == kept


@pytest.mark.parametrize("role", ["evaluator", "member", "innovator", "funder"])
def test_only_the_team_changes_the_registry(client, role):
    structure = StructureFactory()
    user = UserFactory(**{role: True}, structures=[structure] if role in ("member", "innovator") else [])
    client.force_login(user)
    for url in (
        reverse("organizations:create"),
        reverse("organizations:edit", args=[structure.pk]),
        reverse("organizations:merge", args=[structure.pk]),
        reverse("organizations:history", args=[structure.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Piratée", "kind": "ACI", "doublon": structure.pk}).status_code == 403
    structure.refresh_from_db()
    assert structure.name != "Piratée"


def test_structures_followed_without_an_active_referent_are_flagged(client, team):
    adopting = StructureFactory(name="Atelier du Nord")
    AdoptionFactory(structure=adopting, status="implementing")
    StructureFactory(name="Bureau sans essaimage")  # not followed: no flag
    listing = page(client.get(reverse("organizations:list")))
    assert "2 structures suivies par le programme n&#x27;ont aucun référent actif" in listing
    assert listing.count("sans référent</span>") == 2  # Atelier du Nord and the innovation's porteur
    flagged = page(client.get(reverse("organizations:list"), {"referent": "sans"}))
    assert "Atelier du Nord" in flagged and "Bureau sans essaimage" not in flagged
    assert "Aucun référent actif" in page(client.get(reverse("organizations:detail", args=[adopting.pk])))

    UserFactory(member=True, lead=True, structures=[adopting])
    assert "Aucun référent actif" not in page(client.get(reverse("organizations:detail", args=[adopting.pk])))
    UserFactory(innovator=True, structures=[adopting.adoptions.get().innovation.porteur])  # not its lead
    assert "1 structure suivie par le programme n&#x27;a aucun" in page(client.get(reverse("organizations:list")))


def link_in(message):
    [link] = re.findall(r"https?://\S+/comptes/invitation/\S+/", message.body)
    return link


def test_no_daily_task_needs_the_admin(client, team, mailoutbox):
    """The team creates a structure, invites its referent, who joins; the referent's predecessor
    leaves. Every step through the team's pages, none through /admin/."""
    visited = []

    def go(method, url, data=None):
        visited.append(url)
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), (url, response.status_code)
        return response

    go("get", reverse("organizations:list"))
    go("get", reverse("organizations:create"))
    created = go("post", reverse("organizations:create"), {"name": "Atelier du Nord", "kind": "ACI"})
    structure = Structure.objects.get(name="Atelier du Nord")
    AdoptionFactory(structure=structure, status="selected")  # followed by the programme from now on
    assert "Aucun référent actif" in page(go("get", created.url))
    form = page(go("get", f"{reverse('accounts:invite')}?structure={structure.pk}&role=structure_member&is_lead=on"))
    assert f'<option value="{structure.pk}" selected>' in form
    go(
        "post",
        reverse("accounts:invite"),
        {"email": "referente@exemple.fr", "role": "structure_member", "structure": structure.pk, "is_lead": "on"},
    )
    newcomer = Client()
    link = link_in(mailoutbox[0])
    newcomer.get(link)
    newcomer.post(link, {"full_name": "Alex Moreau", "password1": PASSWORD, "password2": PASSWORD})
    referent = User.objects.get(email="referente@exemple.fr")
    assert referent.memberships.get().is_lead
    assert "Aucun référent actif" not in page(go("get", reverse("organizations:detail", args=[structure.pk])))

    predecessor = UserFactory(member=True, structures=[structure], full_name="Dominique Petit")
    people = page(go("get", reverse("accounts:people")))
    assert "Dominique Petit" in people
    leaving = predecessor.memberships.get()
    go("post", reverse("accounts:end_membership", args=[leaving.pk]))
    assert Membership.objects.get(pk=leaving.pk).ended_by == team
    assert current_programme() is not None
    assert not [url for url in visited if url.startswith("/admin")]
