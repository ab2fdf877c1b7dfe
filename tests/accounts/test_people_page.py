"""The team's page of the programme's people: change a role, end a membership; both keep the
history (who had which access, when, given and ended by whom), and the team cannot lock itself
out."""

import pytest
from django.urls import reverse

from essaim.accounts.models import Membership
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_team_ends_a_membership_and_the_history_keeps_it(client):
    boss = UserFactory(team=True, full_name="Camille Martin")
    member = UserFactory(member=True, structures=[StructureFactory(name="Atelier du Nord")], full_name="Alex Moreau")
    client.force_login(boss)
    page = client.get(reverse("accounts:people")).content.decode()
    assert "Alex Moreau" in page and "Atelier du Nord" in page
    membership = member.memberships.get()
    response = client.post(reverse("accounts:end_membership", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None and membership.ended_by == boss
    page = client.get(reverse("accounts:people")).content.decode()
    assert "Appartenances terminées (1)" in page
    client.force_login(member)
    assert client.get(reverse("organizations:list")).status_code == 403  # no access left


def test_a_new_role_ends_the_old_membership_and_starts_another(client):
    boss = UserFactory(team=True)
    evaluator = UserFactory(evaluator=True)
    client.force_login(boss)
    old = evaluator.memberships.get()
    client.post(reverse("accounts:change_membership", args=[old.pk]), {"role": "funder"})
    assert list(evaluator.memberships.filter(ended_at=None).values_list("role", flat=True)) == ["funder"]
    old.refresh_from_db()
    assert old.ended_by == boss and Membership.objects.get(user=evaluator, ended_at=None).created_by == boss


def test_the_team_cannot_lock_itself_out_nor_touch_another_programme(client):
    boss = UserFactory(team=True)
    client.force_login(boss)
    own = boss.memberships.get()
    client.post(reverse("accounts:end_membership", args=[own.pk]))
    own.refresh_from_db()
    assert own.ended_at is None
    elsewhere = UserFactory(evaluator=True, programmes=[ProgrammeFactory(code="OCC", name="Occitanie")])
    theirs = elsewhere.memberships.get()
    assert client.post(reverse("accounts:end_membership", args=[theirs.pk])).status_code == 404
    assert "Occitanie" not in client.get(reverse("accounts:people")).content.decode()
