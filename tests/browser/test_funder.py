"""A funder reads the consolidated evaluation as of 2019-03-31 and takes it away as XLSX and PDF."""

import io

import pytest
from openpyxl import load_workbook

from essaim.reference.load import load_reference_data
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def test_funder_reads_and_exports_the_consolidated_table(page, artefacts):
    load_reference_data()
    funder = UserFactory(funder=True, email="financeur@exemple.fr")
    funder.set_password(PASSWORD)
    funder.save()

    log_in(page, funder.email)
    page.goto(page.base + "/resultats/?au=2019-03-31")
    total = page.locator("table.figures tr.total").first
    assert "1\xa0058" in total.inner_text() and "1\xa0412" in total.inner_text()
    page.screenshot(path=artefacts / "resultats.png", full_page=True)

    page.get_by_role("link", name="Tableur (XLSX)").click()  # a job: its page, then its file
    page.get_by_text("Le fichier est prêt").wait_for()
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Télécharger evaluation-consolidee-2019-03-31.xlsx").click()
    book = load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    rows = {r[0]: r for r in book["Résultats"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows["Total"][1:7] == (85, 1058, 28, 354, 214, 1412)
    assert rows["VITA Air"][3] == "nc"

    page.goto(page.base + "/resultats/?au=2019-03-31")
    page.get_by_role("link", name="PDF").click()
    page.get_by_text("Le fichier est prêt").wait_for()
    page.screenshot(path=artefacts / "export.png")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Télécharger evaluation-consolidee-2019-03-31.pdf").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
