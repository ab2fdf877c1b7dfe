"""In Chromium: rating with the keyboard alone (Tab, a letter, Enter saves in place), and axe-core
on the embedded evaluation's pages (no serious or critical violation)."""

import pytest
from django.utils import timezone

from essaim.grids.models import Observation
from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


@pytest.fixture
def users():
    load_reference_data()
    found = {}
    for role in ("evaluator", "funder"):
        user = UserFactory(**{role: True}, email=f"{role}@exemple.fr")
        user.set_password(PASSWORD)
        user.save()
        found[role] = user
    return found


def rating(structure, item):
    return Observation.objects.get(
        item__grid__innovation__code="VITA-AIR", adoption__structure__key=structure, phase=3, item__key=item
    )


def test_rating_with_the_keyboard_alone(page, users):
    log_in(page, users["evaluator"].email)
    page.goto(page.base + "/evaluation-embarquee/VITA-AIR/saisie/?phase=3")
    first = page.locator("select[name^=level-]").first
    assert first.evaluate("el => el === document.activeElement")  # the first cell has the focus
    page.keyboard.press("Tab")  # « Usage du logiciel COMPAIR » of Abeilles
    page.keyboard.press("p")  # the first level starting with « p »: « Positif »
    page.keyboard.press("Enter")
    page.get_by_text("1 note enregistrée.").wait_for()
    assert rating("abeilles", "usage-compair").level.label == "Positif"
    assert rating("abeilles", "usage-compair").recorded_by == users["evaluator"]
    assert rating("abeilles", "installation-compair").level.label == "Négatif"  # untouched
    # The matrix was swapped in place: the page is still the entry page, with its colours.
    assert page.url.endswith("/evaluation-embarquee/VITA-AIR/saisie/?phase=3")


def test_an_error_is_shown_in_place(page, users):
    log_in(page, users["evaluator"].email)
    page.goto(page.base + "/evaluation-embarquee/VITA-AIR/saisie/?phase=3")
    # Someone else changes the first cell meanwhile.
    observation = rating("abeilles", "installation-compair")
    observation.level = observation.item.grid.scale.levels.get(label="Positif")
    observation.recorded_at = timezone.now()  # what every save through Essaim does
    observation.save()
    page.locator("select[name^=level-]").first.select_option(label="Partiellement")
    page.get_by_role("button", name="Enregistrer les notes").click()
    page.get_by_text("Rien n'a été enregistré").wait_for()
    assert page.get_by_text("pendant votre saisie").count() == 1
    assert rating("abeilles", "installation-compair").level.label == "Positif"


axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


def blocking(page):
    results = axe_module.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_pages_have_no_serious_accessibility_violation(page, users, artefacts):
    adoption = Adoption.objects.get(innovation__code="LREF", structure__key="adefo")
    pages = {
        "index": "/evaluation-embarquee/",
        "grille-lref": "/evaluation-embarquee/LREF/",
        "grille-vita": "/evaluation-embarquee/VITA-AIR/?phase=3",
        "saisie": "/evaluation-embarquee/LREF/saisie/",
        "structure": f"/evaluation-embarquee/LREF/structure/{adoption.pk}/",
        "elements": "/evaluation-embarquee/LREF/elements/",
        "plan": "/evaluation-embarquee/LREF/plan/",
        "tableur": "/evaluation-embarquee/LREF/tableur/",
        "constats": "/evaluation-embarquee/constats/?q=lieu",
        "nouveau-constat": "/evaluation-embarquee/constats/nouveau/",
    }
    found = {}
    for role, visited in (("evaluator", pages), ("funder", {"grille-financeur": "/evaluation-embarquee/VITA-AIR/"})):
        log_in(page, users[role].email)
        for name, path in visited.items():
            page.goto(page.base + path)
            assert "Erreur" not in page.title(), name
            found[name] = blocking(page)
            if found[name]:
                page.screenshot(path=artefacts / f"{name}.png", full_page=True)
        page.context.clear_cookies()
    problems = {name: v for name, v in found.items() if v}
    assert problems == {}
