"""Changing one's address: confirmed by a code sent to the new address (after the password is
confirmed again), the old address told, and only the new one logs in afterwards."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, log_in, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_address_replaces_the_old_once_its_code_is_typed(client, mailoutbox):
    user = UserFactory(email="ancienne@exemple.fr", evaluator=True)
    log_in(client, "ancienne@exemple.fr")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.fr"})
    # The password first: a stolen session cannot move the account to another address.
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD}, follow=True)
    assert "Un code vient d'être envoyé à <strong>nouvelle@exemple.fr</strong>" in response.content.decode()

    [message] = mailoutbox
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject == "[Essaim · AIS#Emploi] Code de confirmation de votre adresse"
    assert "text/html" in [kind for _, kind in message.alternatives]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE)[1]

    user.refresh_from_db()
    assert user.email == "ancienne@exemple.fr"  # not before the code
    wrong = client.post(
        reverse("account_email_verification_sent"), {"code": "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"}
    )
    assert wrong.status_code == 200
    client.post(reverse("account_email_verification_sent"), {"code": code})
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.fr"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("nouvelle@exemple.fr", True, True)
    ]
    notice = mailoutbox[-1]
    assert notice.to == ["ancienne@exemple.fr"]
    assert "est passée de ancienne@exemple.fr à nouvelle@exemple.fr" in notice.body

    assert not logged_in(Client()) and log_in(Client(), "ancienne@exemple.fr").status_code == 200
    assert log_in(Client(), "nouvelle@exemple.fr").status_code == 302


def test_the_address_page_is_in_french(client):
    client.force_login(UserFactory(email="camille@exemple.fr"))
    html = client.get(reverse("account_email")).content.decode()
    assert "Adresse actuelle" in html and "camille@exemple.fr" in html
    assert "Nouvelle adresse électronique" in html
