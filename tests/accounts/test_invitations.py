"""Invitations: the team invites anyone with a role; a referent invites colleagues into their own
structure; the link, e-mailed, lands on « choose your password » and then on the person's
structure; an expired, withdrawn or used link is refused in French."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.models import Invitation, Membership, User
from tests.factories import StructureFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "une-phrase-de-passe-solide"


def link_in(message):
    [link] = re.findall(r"https?://\S+/comptes/invitation/\S+/", message.body)
    return link


def test_the_team_invites_a_structure_member_who_chooses_a_password_and_lands_on_it(client, mailoutbox):
    structure = StructureFactory(name="Atelier du Nord")
    client.force_login(UserFactory(team=True, full_name="Camille Martin"))
    response = client.post(
        reverse("accounts:invite"),
        {"email": "Nouvelle@Exemple.fr", "role": "structure_member", "structure": structure.pk, "is_lead": "on"},
    )
    assert response.status_code == 302 and response.url == reverse("accounts:invitations")
    [message] = mailoutbox
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject == "[Essaim · AIS#Emploi] Invitation dans le programme AIS#Emploi"
    assert "Camille Martin vous invite" in message.body and "Référent de structure — Atelier du Nord" in message.body
    assert "en attente" in client.get(reverse("accounts:invitations")).content.decode()

    newcomer = Client()
    page = newcomer.get(link_in(message)).content.decode()
    assert "Choisissez votre mot de passe" in page and "Atelier du Nord" in page
    short = newcomer.post(link_in(message), {"full_name": "Alex", "password1": "court", "password2": "court"})
    assert short.status_code == 400 and "trop court" in short.content.decode()
    response = newcomer.post(
        link_in(message), {"full_name": "Alex Moreau", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("organizations:detail", args=[structure.pk])
    landing = newcomer.get(response.url).content.decode()
    assert "Atelier du Nord" in landing and "Bienvenue" in landing
    user = User.objects.get(email="nouvelle@exemple.fr")
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.structure, membership.is_lead) == ("structure_member", structure, True)
    assert Client().login(email="nouvelle@exemple.fr", password=PASSWORD)
    again = Client().get(link_in(message))
    assert again.status_code == 410 and "déjà servi" in again.content.decode()  # single use


def test_a_referent_invites_a_colleague_into_their_own_structure_only(client, mailoutbox):
    own, other = StructureFactory(name="Atelier du Nord"), StructureFactory(name="Bureau du Sud")
    client.force_login(UserFactory(member=True, lead=True, structures=[own]))
    form = client.get(reverse("accounts:invite")).content.decode()
    assert "Bureau du Sud" not in form and "Référent de la structure" not in form
    refused = client.post(
        reverse("accounts:invite"), {"email": "a@exemple.fr", "role": "structure_member", "structure": other.pk}
    )
    assert refused.status_code == 400 and not Invitation.objects.exists()
    as_team = client.post(reverse("accounts:invite"), {"email": "a@exemple.fr", "role": "programme_team"})
    assert as_team.status_code == 400 and not Invitation.objects.exists()
    sent = client.post(
        reverse("accounts:invite"), {"email": "collegue@exemple.fr", "role": "structure_member", "structure": own.pk}
    )
    assert sent.status_code == 302 and Invitation.objects.get().structure == own
    assert len(mailoutbox) == 1


def test_a_member_who_is_not_a_referent_invites_nobody(client):
    client.force_login(UserFactory(member=True, structures=[StructureFactory()]))
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_an_expired_or_withdrawn_invitation_is_refused_in_french(client, mailoutbox):
    client.force_login(UserFactory(team=True))
    client.post(reverse("accounts:invite"), {"email": "a@exemple.fr", "role": "evaluator"})
    client.post(reverse("accounts:invite"), {"email": "b@exemple.fr", "role": "funder"})
    expired, withdrawn = Invitation.objects.order_by("email")
    Invitation.objects.filter(pk=expired.pk).update(created_at=timezone.now() - datetime.timedelta(days=15))
    client.post(reverse("accounts:revoke_invitation", args=[withdrawn.pk]))
    old, gone = (link_in(m) for m in mailoutbox)
    response = Client().get(old)
    assert response.status_code == 410 and "a expiré" in response.content.decode()
    assert "demandez-la à la personne qui vous avait invité" in response.content.decode()
    response = Client().get(gone)
    assert response.status_code == 410 and "a été retirée" in response.content.decode()
    tampered = Client().get(old.replace("/invitation/", "/invitation/x"))
    assert tampered.status_code == 410 and "pas valable" in tampered.content.decode()


def test_someone_who_has_an_account_logs_in_then_accepts(client, mailoutbox):
    existing = UserFactory(email="deja@exemple.fr", evaluator=True)
    client.force_login(UserFactory(team=True))
    client.post(reverse("accounts:invite"), {"email": "deja@exemple.fr", "role": "funder"})
    link = link_in(mailoutbox[0])
    visitor = Client()
    assert "Vous avez déjà un compte" in visitor.get(link).content.decode()
    visitor.force_login(existing)
    response = visitor.post(link)
    assert response.status_code == 302
    assert sorted(existing.memberships.values_list("role", flat=True)) == ["evaluator", "funder"]
