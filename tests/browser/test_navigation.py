"""In Chromium at 1280 px: the header's navigation fits on one line for every demo role, and its
menus open and close with the keyboard alone."""

import pytest

from essaim.reference.demo_accounts import DEMO_PASSWORD, DEMO_USERS, create_demo_accounts
from essaim.reference.load import load_reference_data
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

HEADER = """() => {
  const bar = document.querySelector('.site-header .bar'), nav = document.querySelector('.site-nav');
  const items = [...nav.querySelectorAll(':scope > ul > li')];
  const user = document.querySelector('.user-box').getBoundingClientRect();
  return {height: bar.getBoundingClientRect().height, items: items.length,
          tops: [...new Set(items.map(i => i.getBoundingClientRect().top))],
          navRight: Math.max(...items.map(i => i.getBoundingClientRect().right)), userLeft: user.left,
          overflow: nav.scrollWidth - nav.clientWidth, pageWidth: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def demo():
    load_reference_data()
    create_demo_accounts()


def test_the_header_fits_on_one_line_for_every_role(page, demo, artefacts):
    page.set_viewport_size({"width": 1280, "height": 800})
    for email, _, role in [(None, None, "anonyme"), *DEMO_USERS]:
        page.context.clear_cookies()
        if email:
            log_in(page, email, DEMO_PASSWORD)
        page.goto(page.base + ("/innovations/" if email else "/chiffres-cles/"))
        header = page.evaluate(HEADER)
        page.screenshot(path=artefacts / f"entete-{role}.png", clip={"x": 0, "y": 0, "width": 1280, "height": 80})
        assert header["items"] >= 2, role
        assert len(header["tops"]) == 1, f"{role}: the navigation wraps ({header})"
        assert header["height"] < 70, f"{role}: the header is {header['height']} px high"
        assert header["navRight"] <= header["userLeft"], f"{role}: the navigation runs under the account"
        assert header["overflow"] <= 0 and header["pageWidth"] == 1280, role


def test_a_menu_opens_and_closes_with_the_keyboard(page, demo):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "equipe@demo.essaim.fr", DEMO_PASSWORD)
    page.goto(page.base + "/appels/faisabilite/")
    menu = page.locator("details.nav-menu", has=page.locator("summary", has_text="Résultats"))
    summary = menu.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert menu.evaluate("m => m.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tableau de bord"
    assert page.get_by_role("link", name="Chiffres publiés").is_visible()
    page.keyboard.press("Escape")
    assert not menu.evaluate("m => m.open")
    assert summary.evaluate("s => s === document.activeElement")
    # The page's own entry is marked in its menu, and the menu too.
    method = page.locator("details.nav-menu", has=page.locator("summary", has_text="Méthode"))
    assert method.locator("summary.current").count() == 1
    method.locator("summary").click()
    assert method.get_by_role("link", name="Études de faisabilité").get_attribute("aria-current") == "page"
    assert method.get_by_role("link", name="Appels à projets").get_attribute("aria-current") is None
    page.mouse.click(600, 600)  # a click elsewhere closes it
    assert not method.evaluate("m => m.open")
