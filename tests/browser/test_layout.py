"""In Chromium, at the widths people use (1280 and 1366 px): wide tables keep their first column
and say that they scroll; tables that can fit do."""

import pytest

from essaim.reference.load import load_reference_data
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


@pytest.fixture
def team():
    load_reference_data()
    user = UserFactory(team=True, email="equipe@exemple.fr")
    user.set_password(PASSWORD)
    user.save()
    return user


def frame_state(wrap):
    return wrap.evaluate(
        """w => ({scroll: w.dataset.scroll || null, role: w.getAttribute('role'), tabindex: w.tabIndex,
                  hint: getComputedStyle(w, '::before').content, fade: getComputedStyle(w).maskImage})"""
    )


def test_a_wide_table_keeps_its_first_column_and_says_it_scrolls(page, team, artefacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, team.email)
    page.goto(page.base + "/resultats/?au=2019-03-31&comparer=2020-06-30")
    wrap = page.locator(".table-wrap", has=page.locator("table.compare"))
    state = frame_state(wrap)
    assert state["scroll"] == "start"
    assert "faites-le défiler" in state["hint"]
    assert state["fade"] != "none"  # the right edge fades: columns are hidden there
    assert (state["role"], state["tabindex"]) == ("region", 0)  # the keyboard can scroll it
    first = wrap.locator("tbody tr").first.locator("th, td").first
    second = wrap.locator("tbody tr").first.locator("td").nth(1)
    before = first.bounding_box()["x"], second.bounding_box()["x"]
    wrap.evaluate("w => { w.scrollLeft = 300; w.dispatchEvent(new Event('scroll')); }")
    page.wait_for_function("() => document.querySelector('.table-wrap:has(table.compare)').dataset.scroll === 'middle'")
    after = first.bounding_box()["x"], second.bounding_box()["x"]
    assert after[0] == before[0]  # the innovation's name stays in place
    assert after[1] < before[1] - 250  # the figures went under it
    page.screenshot(path=artefacts / "resultats-defile.png", full_page=True)
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; w.dispatchEvent(new Event('scroll')); }")
    page.wait_for_function("() => document.querySelector('.table-wrap:has(table.compare)').dataset.scroll === 'end'")
    assert frame_state(wrap)["fade"] == "none"


@pytest.mark.parametrize("width", [1280, 1366])
def test_tables_that_can_fit_do(page, team, width):
    """The grid entry page shows its ten items, the activities their last column, with no scrolling."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, team.email)
    page.goto(page.base + "/evaluation-embarquee/LREF/saisie/")
    matrix = page.locator(".table-wrap", has=page.locator("table.rating-matrix"))
    assert frame_state(matrix)["scroll"] is None
    last_select = matrix.locator("tbody tr").first.locator("select").last
    assert last_select.get_attribute("aria-label").endswith("Ouverture du Lieu Ressources")  # item 10
    box = last_select.bounding_box()
    assert box["x"] + box["width"] <= matrix.bounding_box()["x"] + matrix.bounding_box()["width"]
    page.goto(page.base + "/essaimage/activites/")
    assert frame_state(page.locator(".table-wrap").first)["scroll"] is None


def test_a_long_page_keeps_its_contents_at_hand(page, team, artefacts):
    """The innovation page's « Sur cette page » stays at the top of the window; a link brings its
    section just below it, and says which section is being read."""
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, team.email)
    page.goto(page.base + "/innovations/PARCOURS-GARDIEN/")
    bar = page.get_by_role("navigation", name="Sur cette page")
    assert bar.get_by_role("link").all_inner_texts() == [
        "Identité",
        "Structures essaimées",
        "Départements couverts",
        "Parcours dans la méthode",
        "Structure par structure",
    ]
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * 800
    bar.get_by_role("link", name="Structure par structure").click()
    heading = page.get_by_role("heading", name="Structure par structure")
    page.wait_for_function("() => window.scrollY > 1000")
    bar_box, heading_box = bar.bounding_box(), heading.bounding_box()
    assert 0 <= bar_box["y"] < 20  # still in view, at the top
    assert bar_box["y"] + bar_box["height"] <= heading_box["y"] < 200  # the heading just below, not under it
    page.wait_for_function(
        "() => document.querySelector('nav.contents a[aria-current]')?.textContent === 'Structure par structure'"
    )
    page.screenshot(path=artefacts / "innovation-sommaire.png")
    page.goto(page.base + "/suivi/")
    assert "Structures sans personne suivie" in bar.get_by_role("link").all_inner_texts()
