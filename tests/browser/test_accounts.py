"""In Chromium: a forgotten password reset from the login page, its e-mailed link opened in a new
browser session; and, with the second factor required, the team's first login that sets up an
authenticator app (the test computes the codes) before reaching the results."""

import re

import pytest
from django.core import mail

from tests.accounts.helpers import totp_code
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

NEW_PASSWORD = "une-phrase-de-passe-solide"


def person(**fields):
    user = UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def try_login(page, email, password):
    log_in(page, email, password)
    return page.url.rstrip("/") != page.base + "/comptes/connexion"


def test_a_forgotten_password_is_reset_from_the_e_mailed_link_in_a_new_browser_session(
    chromium, page, artefacts, mailoutbox
):
    person(email="structure@exemple.fr", member=True)
    page.goto(page.base + "/comptes/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse électronique").fill("structure@exemple.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.get_by_role("heading", name="Consultez votre messagerie").wait_for()

    [message] = mail.outbox
    assert message.to == ["structure@exemple.fr"] and "AIS#Emploi" in message.subject
    link = re.search(r"http://\S+/comptes/mot-de-passe/oublie/lien/\S+/", message.body)[0]

    other = chromium.new_context(locale="fr-FR")  # another browser session: no cookie of the first one
    try:
        fresh = other.new_page()
        fresh.goto(link)
        fresh.get_by_role("heading", name="Nouveau mot de passe").wait_for()
        fresh.fill("input[name=password1]", NEW_PASSWORD)
        fresh.fill("input[name=password2]", NEW_PASSWORD)
        fresh.get_by_role("button", name="Enregistrer le mot de passe").click()
        fresh.get_by_role("heading", name="Mot de passe enregistré").wait_for()
        fresh.screenshot(path=artefacts / "mot-de-passe-enregistre.png")
    finally:
        other.close()

    assert not try_login(page, "structure@exemple.fr", PASSWORD)
    assert page.get_by_text("Adresse électronique ou mot de passe incorrect.").is_visible()
    assert try_login(page, "structure@exemple.fr", NEW_PASSWORD)
    assert page.url == page.base + "/a-faire/"  # the to-do page, the home after login


def test_the_team_sets_up_an_authenticator_app_then_reaches_the_results(page, settings, artefacts):
    settings.ESSAIM_MFA_REQUIRED = True
    person(email="equipe@exemple.fr", team=True)
    log_in(page, "equipe@exemple.fr")
    page.goto(page.base + "/resultats/")
    # Sent to the set-up, which first asks for the password again.
    page.get_by_text("activez la double authentification").wait_for()
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_role("heading", name="Activer la double authentification").wait_for()
    assert page.locator("svg.totp-qr").is_visible()
    page.screenshot(path=artefacts / "double-authentification.png", full_page=True)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_role("textbox", name="Code à 6 chiffres affiché par l'application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("heading", name="Codes de secours").wait_for()
    assert page.locator("ul.codes li").count() == 10

    page.goto(page.base + "/resultats/")
    assert page.url == page.base + "/resultats/"
    page.locator("table.figures").first.wait_for()


COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""


def test_the_account_pages_are_accessible_and_keep_to_the_content_security_policy(page, artefacts):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    page.context.add_init_script(COLLECT_VIOLATIONS)
    found = {}

    def check(name):
        page.wait_for_load_state("networkidle")
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        problems += page.evaluate("window.__cspViolations")
        page.screenshot(path=artefacts / f"{name}.png", full_page=True)
        if problems:
            found[name] = problems

    person(email="equipe@exemple.fr", team=True)
    for name, path in {
        "oublie": "/comptes/mot-de-passe/oublie/",
        "oublie-envoye": "/comptes/mot-de-passe/oublie/envoye/",
        "lien-invalide": "/comptes/mot-de-passe/oublie/lien/1-mauvaise-cle/",
    }.items():
        page.goto(page.base + path)
        check(name)
    log_in(page, "equipe@exemple.fr")
    for name, path in {
        "mot-de-passe": "/comptes/mot-de-passe/",
        "adresse": "/comptes/adresse/",
        "double-authentification": "/comptes/double-authentification/",
        "confirmer-acces": "/comptes/double-authentification/application/",
    }.items():
        page.goto(page.base + path)
        check(name)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_role("heading", name="Activer la double authentification").wait_for()
    check("activer")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_role("textbox", name="Code à 6 chiffres affiché par l'application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("heading", name="Codes de secours").wait_for()
    check("codes-de-secours")
    page.get_by_role("button", name="Se déconnecter").first.click()
    log_in(page, "equipe@exemple.fr")  # the second step of the login
    page.get_by_role("heading", name="Double authentification").wait_for()
    check("code-a-la-connexion")
    assert found == {}
