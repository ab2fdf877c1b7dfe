"""Security events go to the "essaim.security" logger: who, from where, what — never a password."""

import logging

import pytest
from django.urls import reverse

from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db


def security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "essaim.security"]


def test_a_permission_refusal_is_logged(client, personas, caplog):
    evaluator = personas["evaluator"]
    client.force_login(evaluator)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        assert client.get(reverse("innovations:create"), REMOTE_ADDR="192.0.2.4").status_code == 403
    [line] = security_lines(caplog)
    assert line == (
        f"permission_refused user={evaluator.pk} email={evaluator.email} ip=192.0.2.4 "
        f"path={reverse('innovations:create')} rule=can_create_innovation"
    )
    [record] = [r for r in caplog.records if r.name == "essaim.security"]
    assert record.levelno == logging.WARNING and record.security_user == evaluator.pk


def test_logins_and_logouts_are_logged(client, personas, caplog):
    user = personas["team"]
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        log_in(client, user.email)
        client.post(reverse("accounts:logout"))
    assert security_lines(caplog) == [
        f"login user={user.pk} email={user.email} ip=127.0.0.1",
        f"logout user={user.pk} email={user.email} ip=127.0.0.1",
    ]
