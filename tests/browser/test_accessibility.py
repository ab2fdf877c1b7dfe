"""axe-core on every main page, as the role that uses it: no serious or critical violation."""

import pytest

from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

BLOCKING = {"serious", "critical"}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def blocking_violations(page):
    results = axe_module.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def programme():
    load_reference_data()
    users = {}
    for role in ("team", "funder"):
        user = UserFactory(**{role: True}, email=f"{role}@exemple.fr")
        user.set_password(PASSWORD)
        user.save()
        users[role] = user
    return users


def test_main_pages_have_no_serious_accessibility_violation(page, programme, artefacts):
    adoption = Adoption.objects.filter(innovation__code="LREF").order_by("pk").first()
    pages = {
        "chiffres-cles": "/chiffres-cles/",
        "tableau-de-bord": "/",
        "methode": "/methode/?au=2018-01-01",
        "resultats": "/resultats/?au=2019-03-31&comparer=2020-06-30",
        "source": "/resultats/LREF/people_reached/?au=2019-03-31",
        "chiffres-publies": "/chiffres-publies/",
        "innovations": "/innovations/",
        "innovation": "/innovations/LREF/",
        "innovation-et-documents": "/innovations/PARCOURS-GARDIEN/",
        "essaimage": f"/essaimages/{adoption.pk}/",
        "nouvelle-innovation": "/innovations/nouvelle/",
        "rapport": "/rapport/LREF/?au=2020-06-30",
        "structures": "/structures/",
        "structure": f"/structures/{adoption.structure_id}/",
        "saisie": f"/evaluation/saisie/{adoption.pk}/",
        "completude": "/evaluation/completude/LREF/",
        "controles": "/evaluation/controles/",
        "tableur": "/evaluation/tableur/LREF/",
        "activites": "/essaimage/activites/",
        "saisie-grille": "/evaluation-embarquee/LREF/saisie/",
        "suivi": "/suivi/",
        "suivi-resultats": "/suivi/resultats/",
    }
    found = {}
    page.goto(page.base + "/chiffres-cles/")
    found["chiffres-cles (anonyme)"] = blocking_violations(page)
    log_in(page, programme["team"].email)
    for name, path in pages.items():
        page.goto(page.base + path)
        assert "Erreur" not in page.title(), name
        found[name] = blocking_violations(page)
        if found[name]:
            page.screenshot(path=artefacts / f"{name}.png", full_page=True)
    problems = {name: v for name, v in found.items() if v}
    (artefacts / "axe.txt").write_text("\n".join(f"{name}: {v}" for name, v in problems.items()))
    assert problems == {}
