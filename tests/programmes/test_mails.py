"""An account's e-mails speak for its programme: its name in the subject and the signature, its
own sender when it has one; an account of several programmes, asking from outside them, gets
the installation's name."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask_for_a_new_password(client, email):
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302


def test_the_mail_of_an_account_of_one_programme_names_it_and_comes_from_its_sender(client, mailoutbox):
    ProgrammeFactory()  # the installation's first programme, which a visitor's pages read
    occitanie = ProgrammeFactory(code="OCC", name="Accélérateur Occitanie", email_sender="equipe@occitanie.example")
    UserFactory(email="structure@occitanie.example", member=True, programmes=[occitanie])
    ask_for_a_new_password(client, "structure@occitanie.example")
    [message] = mailoutbox
    assert message.subject == "[Essaim · Accélérateur Occitanie] Choisir un nouveau mot de passe"
    assert message.from_email == "Essaim · Accélérateur Occitanie <equipe@occitanie.example>"
    assert "Essaim, programme Accélérateur Occitanie" in message.body


def test_an_account_of_several_programmes_gets_the_installations_name_and_sender(client, mailoutbox):
    reference = ProgrammeFactory()
    occitanie = ProgrammeFactory(code="OCC", name="Accélérateur Occitanie", email_sender="equipe@occitanie.example")
    UserFactory(email="financeur@exemple.fr", funder=True, programmes=[reference, occitanie])
    ask_for_a_new_password(client, "financeur@exemple.fr")
    [message] = mailoutbox
    assert message.subject == f"[Essaim · {settings.ESSAIM_PROGRAMME_NAME}] Choisir un nouveau mot de passe"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
