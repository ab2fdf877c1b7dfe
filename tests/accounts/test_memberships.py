"""A person holds several memberships and works under one at a time, chosen in the header: each
structure's data in turn; an ended membership gives nothing and stays in the history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.memberships import current_membership
from essaim.accounts.models import Membership
from tests.factories import StructureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_structures():
    return StructureFactory(name="Atelier du Nord"), StructureFactory(name="Bureau du Sud")


def listing(client):
    """The structure list's page, without its header (whose menu names every membership)."""
    page = client.get(reverse("organizations:list")).content.decode()
    return page[page.index('<main id="contenu">') :]


def header(client):
    page = client.get(reverse("organizations:list")).content.decode()
    return page[: page.index('<main id="contenu">')]


def test_a_member_of_two_structures_sees_each_in_turn(client, two_structures):
    north, south = two_structures
    user = UserFactory(member=True, structures=[north, south])
    client.force_login(user)
    page = listing(client)
    assert "Atelier du Nord" in page and "Bureau du Sud" not in page  # the first, in the header's order
    assert "AIS#Emploi · Bureau du Sud<span" in header(client)
    south_membership = Membership.objects.get(user=user, structure=south)
    response = client.post(reverse("programmes:switch"), {"membership": south_membership.pk, "suivant": "/structures/"})
    assert response.status_code == 302
    page = listing(client)
    assert "Bureau du Sud" in page and "Atelier du Nord" not in page
    assert client.get(reverse("organizations:detail", args=[north.pk])).status_code == 404


def test_nobody_works_under_someone_elses_membership(client, two_structures):
    north, south = two_structures
    UserFactory(member=True, structures=[south])
    user = UserFactory(member=True, structures=[north])
    client.force_login(user)
    theirs = Membership.objects.get(structure=south)
    client.post(reverse("programmes:switch"), {"membership": theirs.pk, "suivant": "/structures/"})
    page = listing(client)
    assert "Atelier du Nord" in page and "Bureau du Sud" not in page


def test_an_ended_membership_gives_nothing_and_is_kept(client, two_structures):
    north, _ = two_structures
    boss = UserFactory(team=True)
    user = UserFactory(member=True, structures=[north])
    membership = user.memberships.get()
    membership.ended_at, membership.ended_by = timezone.now(), boss
    membership.save()
    client.force_login(user)
    assert client.get(reverse("organizations:list")).status_code == 403  # in no programme any more
    assert Membership.objects.filter(user=user, ended_by=boss).exists()  # who had access when


def test_outside_a_request_the_first_membership_of_the_programme_counts(two_structures):
    north, south = two_structures
    user = UserFactory(innovator=True, structures=[south, north])
    assert current_membership(user).structure == north  # by name, as the header orders them
    assert user.role == "innovator"
