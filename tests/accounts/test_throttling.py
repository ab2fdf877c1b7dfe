"""Repeated failed logins on one account, or from one address, are refused for a while with a
French message — in any new session too, since the counts live in the shared cache."""

import logging
import time

import pytest
from django.test import Client

from essaim.accounts.adapters import LOCKOUT_MESSAGE
from tests.accounts.helpers import log_in, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_after_20_failed_logins_the_right_password_is_refused_even_from_a_new_session():
    UserFactory(email="evaluation@exemple.fr", evaluator=True)
    attacker = Client()
    for _ in range(20):
        assert log_in(attacker, "evaluation@exemple.fr", "mauvais").status_code == 200
    for client in (attacker, Client()):
        response = log_in(client, "evaluation@exemple.fr")
        assert response.status_code == 200
        assert LOCKOUT_MESSAGE.replace("'", "&#x27;") in response.content.decode()
        assert not logged_in(client)


def test_the_lock_is_per_account_and_lifts_with_time(settings):
    UserFactory(email="evaluation@exemple.fr")
    UserFactory(email="autre@exemple.fr")
    for _ in range(10):
        log_in(Client(REMOTE_ADDR="10.0.0.1"), "evaluation@exemple.fr", "mauvais")
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "evaluation@exemple.fr").status_code == 200
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "autre@exemple.fr").status_code == 302
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "30/10m/ip,10/1s/key"}  # the window, shortened
    time.sleep(1.1)
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "evaluation@exemple.fr").status_code == 302


def test_failures_from_one_address_over_many_accounts_are_refused(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "100/m/ip"}  # failures only
    for n in range(31):
        UserFactory(email=f"cible{n}@exemple.fr")
    for n in range(30):
        log_in(Client(REMOTE_ADDR="10.0.0.9"), f"cible{n}@exemple.fr", "mauvais")
    response = log_in(Client(REMOTE_ADDR="10.0.0.9"), "cible30@exemple.fr")
    assert response.status_code == 200 and "Trop de tentatives" in response.content.decode()
    assert log_in(Client(REMOTE_ADDR="10.0.0.10"), "cible30@exemple.fr").status_code == 302


def test_a_successful_login_does_not_count_as_a_failure():
    UserFactory(email="equipe@exemple.fr")
    for _ in range(15):
        assert log_in(Client(), "equipe@exemple.fr").status_code == 302


def test_failures_and_the_lockout_are_logged_without_the_password(caplog):
    UserFactory(email="evaluation@exemple.fr")
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        for _ in range(11):
            log_in(Client(REMOTE_ADDR="10.0.0.7"), "evaluation@exemple.fr", "secret-essaye")
    records = [r for r in caplog.records if r.name == "essaim.security"]
    failed = [r for r in records if r.security_event == "login_failed"]
    locked = [r for r in records if r.security_event == "login_locked"]
    assert len(failed) == 10 and len(locked) == 1
    line = locked[0].getMessage()
    assert "email=evaluation@exemple.fr" in line and "ip=10.0.0.7" in line
    assert all("secret-essaye" not in r.getMessage() for r in records)


def test_too_many_login_requests_from_one_address_get_a_french_page():
    UserFactory(email="equipe@exemple.fr")
    for _ in range(30):
        log_in(Client(REMOTE_ADDR="10.0.0.5"), "equipe@exemple.fr")
    response = log_in(Client(REMOTE_ADDR="10.0.0.5"), "equipe@exemple.fr")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
