"""In Chromium, the main pages under the Content-Security-Policy that production sends (it is set
in config/settings/base.py, so the tests serve the very same header): no violation reported,
neither by the `securitypolicyviolation` event nor on the console, including after an htmx swap."""

import pytest

from essaim.followup import demo
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

# Registered before any script of the page runs: every violation the document reports is kept.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at " +
    event.sourceFile + ":" + event.lineNumber + " — " + (event.sample || "")
  );
});
"""

PAGES = {
    "tableau-de-bord": "/",
    "a-faire": "/a-faire/",
    "parametres": "/programme/parametres/",
    "methode": "/methode/?au=2018-01-01",
    "resultats": "/resultats/?au=2019-03-31&comparer=2020-06-30",
    "innovation": "/innovations/LREF/",
    "rapport": "/rapport/LREF/?au=2020-06-30",
    "chiffres-cles": "/chiffres-cles/",
    "suivi-resultats": "/suivi/resultats/?innovation=LREF",
    "grilles": "/evaluation-embarquee/",
    "grille": "/evaluation-embarquee/VITA-AIR/",
    "double-authentification": "/comptes/double-authentification/application/",
    "notation": "/evaluation-embarquee/VITA-AIR/saisie/?phase=3",
}


@pytest.fixture
def team():
    load_reference_data()
    assert demo.generate()  # fictitious people of LREF: the cohort outcomes page draws its chart
    user = UserFactory(team=True, email="equipe@exemple.fr")
    user.set_password(PASSWORD)
    user.save()
    return user


def watch(page):
    """Keep what the console says about the policy, and every violation event of every document."""
    console = []
    page.context.add_init_script(COLLECT_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text))
    return console


def violations(page, console):
    reported = page.evaluate("window.__cspViolations || []")
    said = [text for text in console if "Content Security Policy" in text or "Content-Security-Policy" in text]
    console.clear()
    return reported + said


def test_main_pages_report_no_csp_violation(page, team, artefacts):
    console = watch(page)
    found = {}

    response = page.goto(page.base + "/comptes/connexion/")
    policy = response.headers.get("content-security-policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    page.screenshot(path=artefacts / "connexion.png", full_page=True)
    found["connexion"] = violations(page, console)

    log_in(page, team.email)  # the login form, posted and redirected under the policy
    assert page.url == page.base + "/a-faire/"
    found["connexion (envoi)"] = violations(page, console)
    lref = Innovation.objects.get(code="LREF").pk
    admin = {
        "admin": f"/admin/innovations/innovation/{lref}/change/",
        "admin-historique": f"/admin/innovations/innovation/{lref}/history/",
    }
    for name, path in {**PAGES, **admin}.items():
        response = page.goto(page.base + path)
        assert response.status == 200, name
        if not path.startswith("/admin/"):  # the admin's own policy allows one more inline style
            assert response.headers.get("content-security-policy") == policy, name
        page.wait_for_load_state("networkidle")
        page.screenshot(path=artefacts / f"{name}.png", full_page=True)
        found[name] = violations(page, console)
        if name == "suivi-resultats":
            assert page.locator("svg.essaim-chart").count() >= 1  # the survival curve is drawn
        if name == "double-authentification":  # the set-up first asks for the password again
            assert "/comptes/confirmer-acces/" in page.url
            page.screenshot(path=artefacts / "confirmer-acces.png", full_page=True)
            found["confirmer-acces"] = violations(page, console)
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Confirmer").click()
            page.get_by_role("heading", name="Activer la double authentification").wait_for()
            assert page.locator("svg.totp-qr").is_visible()  # the QR code, an inline SVG
            page.screenshot(path=artefacts / f"{name}.png", full_page=True)
            found[name] = violations(page, console)

    # An htmx swap in place: a rating saved with Enter redraws the matrix, styles and all.
    page.goto(page.base + PAGES["notation"])
    # Chromium focuses the autofocus field after the load event, not before: wait for it, or the
    # Tab lands on the skip link and Enter follows it.
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'SELECT'")
    page.keyboard.press("Tab")
    page.keyboard.press("p")
    page.keyboard.press("Enter")
    page.get_by_text("1 note enregistrée.").wait_for()
    page.screenshot(path=artefacts / "notation-enregistree.png", full_page=True)
    found["notation (htmx)"] = violations(page, console)

    problems = {name: v for name, v in found.items() if v}
    (artefacts / "csp.txt").write_text("\n".join(f"{name}: {v}" for name, v in problems.items()))
    assert problems == {}
