"""A session ends 12 hours after login, and after 30 minutes without a request for the accounts
that read person-level data (the programme team and structure members)."""

import time

import pytest
from django.conf import settings
from django.test import Client

from essaim.web.middleware import SEEN, STARTED
from tests.accounts.helpers import log_in, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESULTS = "/resultats/"


def age(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_the_session_cookie_lives_12_hours_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    client = Client()
    UserFactory(email="financeur@exemple.fr", funder=True)
    log_in(client, "financeur@exemple.fr")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser session cookie
    assert client.session.get_expiry_age() == 12 * 3600


@pytest.mark.parametrize("role", ["team", "evaluator", "innovator", "member", "funder"])
def test_after_12_hours_every_session_ends_with_a_french_message(client, personas, role):
    client.force_login(personas[role])
    age(client, **{STARTED: 12 * 3600 + 5, SEEN: 10})
    response = client.get(RESULTS)
    assert response.status_code == 302 and response.url == "/comptes/connexion/?next=/resultats/"
    assert not logged_in(client)
    page = client.get(response.url).content.decode()
    assert "Votre session a duré 12 heures" in page


@pytest.mark.parametrize(
    "role, ends", [("team", True), ("member", True), ("evaluator", False), ("innovator", False), ("funder", False)]
)
def test_30_minutes_idle_end_the_session_of_those_who_read_people(client, personas, role, ends):
    client.force_login(personas[role])
    age(client, **{SEEN: 31 * 60})
    response = client.get(RESULTS)
    assert logged_in(client) is not ends
    if ends:
        assert response.url == "/comptes/connexion/?next=/resultats/"
        assert "après 30 minutes sans activité" in client.get(response.url).content.decode()
    else:
        assert response.status_code == 200


def test_activity_keeps_the_session_open(client, personas):
    client.force_login(personas["member"])
    age(client, **{SEEN: 29 * 60})
    assert client.get(RESULTS).status_code == 200  # the request counts as activity
    assert time.time() - client.session[SEEN] < 5
    age(client, **{SEEN: 29 * 60})
    assert client.get(RESULTS).status_code == 200


def test_a_new_login_starts_both_clocks_again(client):
    UserFactory(email="structure@exemple.fr", member=True)
    log_in(client, "structure@exemple.fr")
    assert time.time() - client.session[STARTED] < 5 and time.time() - client.session[SEEN] < 5


def test_an_htmx_request_after_the_end_reloads_the_whole_page(client, personas):
    client.force_login(personas["member"])
    age(client, **{SEEN: 31 * 60})
    response = client.get(RESULTS, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/comptes/connexion/?next=/resultats/"
