"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Chromium is found at ESSAIM_CHROMIUM (default /usr/bin/chromium). Without it the tests are
skipped on a bare machine; CI sets ESSAIM_BROWSER_REQUIRED=1 so that a missing browser fails
instead. Screenshots go to ESSAIM_ARTEFACTS (default: a temporary directory), kept as artefacts.
"""

import os
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# two browser steps are plain synchronous calls, so Django's guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ESSAIM_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "essaim-test-navigateur"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"Chromium introuvable ({CHROMIUM}) : installez le paquet Debian « chromium »."
        if os.environ.get("ESSAIM_BROWSER_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def artefacts(request):
    root = Path(os.environ.get("ESSAIM_ARTEFACTS") or Path(tempfile.gettempdir()) / "essaim-browser")
    folder = root / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(accept_downloads=True, locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base = live_server.url
    yield page
    context.close()


def log_in(page, email, password=PASSWORD):
    page.goto(page.base + "/comptes/connexion/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
