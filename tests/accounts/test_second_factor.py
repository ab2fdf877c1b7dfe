"""The second factor: an authenticator app (TOTP) with recovery codes. With ESSAIM_MFA_REQUIRED,
the programme team, evaluators and accounts reading person-level data open no page but the
set-up and logout until they have one."""

import logging
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, log_in, logged_in, secret_on, totp_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESULTS = "/resultats/"
SET_UP = "/comptes/double-authentification/application/"
CONFIRM = "/comptes/confirmer-acces/"


@pytest.fixture
def required(settings):
    settings.ESSAIM_MFA_REQUIRED = True


def set_up_totp(client):
    """Confirm the password (asked before any second-factor change), then on the set-up page add
    the app and type its first code; return the secret."""
    response = client.get(SET_UP)
    assert response.status_code == 302 and response.url == f"{CONFIRM}?next={quote(SET_UP, safe='')}"
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == SET_UP
    page = client.get(SET_UP)
    assert page.status_code == 200
    secret = secret_on(page.content.decode())
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    return secret


def test_the_team_logged_in_with_its_password_is_sent_to_the_set_up(required, client):
    UserFactory(email="equipe@exemple.fr", team=True)
    assert log_in(client, "equipe@exemple.fr").status_code == 302
    response = client.get(RESULTS)
    assert response.status_code == 302 and response.url == SET_UP
    confirm = client.get(SET_UP, follow=True).content.decode()  # the password again, first
    assert "activez la double authentification" in confirm and "Confirmer votre identité" in confirm
    client.post(f"{CONFIRM}?next={SET_UP}", {"password": PASSWORD})
    page = client.get(SET_UP).content.decode()
    assert "<svg" in page and "QR code" in page and 'id="totp-secret"' in page


@pytest.mark.parametrize(
    "role, sent_away",
    [("team", True), ("evaluator", True), ("member", True), ("innovator", False), ("funder", False)],
)
@pytest.mark.parametrize("url", ["/", RESULTS, "/suivi/", "/admin/"])
def test_who_must_set_up_a_second_factor(required, client, personas, role, sent_away, url):
    client.force_login(personas[role])
    response = client.get(url)
    if sent_away:
        assert response.status_code == 302 and response.url == SET_UP
    else:
        assert response.url != SET_UP if response.status_code == 302 else response.status_code in (200, 403)


def test_without_the_setting_the_password_is_enough(client):
    client.force_login(UserFactory(team=True))
    assert client.get(RESULTS).status_code == 200


def test_the_set_up_pages_and_logout_stay_open(required, client):
    client.force_login(UserFactory(team=True))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get("/sante/").status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not logged_in(client)


def test_htmx_requests_are_sent_to_the_set_up_as_a_whole_page(required, client):
    client.force_login(UserFactory(team=True))
    response = client.get(RESULTS, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SET_UP


@pytest.mark.django_db(transaction=True)  # the notice leaves once the change is committed
def test_after_setting_up_totp_the_page_opens_and_the_next_login_asks_for_a_code(required, client, mailoutbox):
    UserFactory(email="equipe@exemple.fr", team=True)
    log_in(client, "equipe@exemple.fr")
    secret = set_up_totp(client)
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert codes.count("<li><code>") == 10
    assert client.get(RESULTS).status_code == 200
    assert mailoutbox[-1].subject == "[Essaim · AIS#Emploi] Double authentification activée"

    browser = Client()
    response = log_in(browser, "equipe@exemple.fr")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert not logged_in(browser)
    wrong = browser.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert "Code incorrect." in wrong.content.decode()
    assert not logged_in(browser)
    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302 and logged_in(browser)
    assert browser.get(RESULTS).status_code == 200


def test_a_recovery_code_replaces_the_app_once(required, client, caplog):
    user = UserFactory(email="equipe@exemple.fr", team=True)
    log_in(client, "equipe@exemple.fr")
    set_up_totp(client)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()[0]
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        for expected_in in (True, False):
            browser = Client()
            log_in(browser, "equipe@exemple.fr")
            browser.post(reverse("mfa_authenticate"), {"code": code})
            assert logged_in(browser) is expected_in
    events = [r.security_event for r in caplog.records if r.name == "essaim.security"]
    assert events.count("mfa_recovery_code_used") == 1 and "mfa_failed" in events


def test_second_factor_changes_are_logged(required, client, caplog):
    user = UserFactory(email="equipe@exemple.fr", team=True)
    log_in(client, "equipe@exemple.fr")
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        set_up_totp(client)
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    lines = [r.getMessage() for r in caplog.records if r.name == "essaim.security"]
    assert f"mfa_added user={user.pk} email=equipe@exemple.fr ip=127.0.0.1 type=totp" in lines
    assert any(line.startswith("mfa_added") and "type=recovery_codes" in line for line in lines)
    assert any(line.startswith("mfa_removed") and "type=totp" in line for line in lines)
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(RESULTS).url == SET_UP  # required again at once


def test_the_team_removes_a_lost_second_factor_in_the_admin_and_never_sees_secrets(required, client, caplog):
    lost = UserFactory(email="perdu@exemple.fr", member=True)
    Authenticator.objects.create(user=lost, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    admin = UserFactory(team=True)
    Authenticator.objects.create(user=admin, type="totp", data={"secret": "KRSXG5CTMVRXEZLU"})
    client.force_login(admin)
    authenticator = Authenticator.objects.get(user=lost)
    listing = client.get(reverse("admin:accounts_secondfactor_changelist")).content.decode()
    assert "double authentification" in listing and str(lost) in listing
    change = client.get(reverse("admin:accounts_secondfactor_change", args=[authenticator.pk])).content.decode()
    assert "Authentificateur TOTP" in change and "JBSWY3DPEHPK3PXP" not in change
    assert client.get("/admin/mfa/authenticator/").status_code == 404  # only through the view above
    with caplog.at_level(logging.INFO, logger="essaim.security"):
        url = reverse("admin:accounts_secondfactor_delete", args=[authenticator.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert any(r.getMessage().startswith(f"mfa_removed user={lost.pk}") for r in caplog.records)
