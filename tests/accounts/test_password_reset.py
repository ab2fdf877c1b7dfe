"""A forgotten password: the login page's link, a French e-mail (text and HTML) naming the
programme, its link opened in a new session, the new password in and the old one out."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import log_in, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une-phrase-de-passe-solide"


def reset_link(message):
    [link] = re.findall(r"https?://\S+/comptes/mot-de-passe/oublie/lien/\S+/", message.body)
    return link


def test_a_reset_from_the_login_page_sets_a_new_password(client, mailoutbox):
    UserFactory(email="structure@exemple.fr", member=True)
    login_page = client.get(reverse("accounts:login")).content.decode()
    forgotten = re.search(r'<a href="([^"]+)">Mot de passe oublié \?</a>', login_page)[1]
    assert "Mot de passe oublié" in client.get(forgotten).content.decode()
    response = client.post(forgotten, {"email": "Structure@Exemple.fr"})
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")

    [message] = mailoutbox
    assert message.to == ["structure@exemple.fr"]
    assert message.subject == "[Essaim · AIS#Emploi] Choisir un nouveau mot de passe"
    assert "Essaim, programme AIS#Emploi" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "programme AIS#Emploi" in html and 'lang="fr"' in html
    link = reset_link(message)
    assert link in html

    browser = Client()  # a new session: the link alone opens the page
    response = browser.get(link, follow=True)
    assert "Nouveau mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = browser.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("account_reset_password_from_key_done")
    notice = mailoutbox[-1]  # the account is told of the change
    assert notice.subject == "[Essaim · AIS#Emploi] Mot de passe réinitialisé"
    assert "votre mot de passe a été réinitialisé" in notice.body

    assert log_in(Client(), "structure@exemple.fr").status_code == 200  # the old password no longer works
    fresh = Client()
    assert log_in(fresh, "structure@exemple.fr", NEW_PASSWORD).status_code == 302
    assert logged_in(fresh)
    assert "Lien invalide" in Client().get(link, follow=True).content.decode()  # the link served once


def test_a_weak_new_password_is_refused_in_french(client, mailoutbox):
    UserFactory(email="structure@exemple.fr")
    client.post(reverse("account_reset_password"), {"email": "structure@exemple.fr"})
    response = client.get(reset_link(mailoutbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "trop-court", "password2": "trop-court"})
    assert response.status_code == 200
    assert "Il doit contenir au minimum 12 caractères" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_message(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")
    assert mailoutbox == []


def test_a_reset_lifts_a_lockout(client, mailoutbox):
    UserFactory(email="structure@exemple.fr")
    for _ in range(12):
        log_in(Client(), "structure@exemple.fr", "mauvais")
    assert log_in(Client(), "structure@exemple.fr").status_code == 200  # locked
    client.post(reverse("account_reset_password"), {"email": "structure@exemple.fr"})
    response = client.get(reset_link(mailoutbox[0]), follow=True)
    client.post(response.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert log_in(Client(), "structure@exemple.fr", NEW_PASSWORD).status_code == 302
