"""The main journey of each role, in Chromium: the team creates an innovation and moves it a
step; a structure member enters figures with the keyboard only and uploads a filled-in template;
an evaluator validates them. (The funder's journey is in test_funder.py.)"""

import datetime
import io

import pytest
from openpyxl import load_workbook

from essaim.evaluation.models import Value
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def person(**role):
    user = UserFactory(**role)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def programme():
    load_reference_data()


def test_team_creates_an_innovation_and_moves_it_a_step(page, programme, artefacts):
    team = person(team=True)
    log_in(page, team.email)
    page.goto(page.base + "/innovations/")
    page.get_by_role("link", name="Nouvelle innovation").click()
    page.get_by_label("Code").fill("ESSAI-NAVIGATEUR")
    page.get_by_label("Nom").fill("Essai navigateur")
    lahso = Innovation.objects.get(code="LREF").porteur
    page.get_by_label("Porteur").select_option(value=str(lahso.pk))
    page.get_by_label("Entrée dans l'accélérateur").fill("2020-01-15")
    page.get_by_role("button", name="Enregistrer l'innovation").click()
    page.get_by_text("est enregistrée, à l'étape « Identification »").wait_for()

    page.get_by_label("Nouvelle étape").select_option(label="Étude de faisabilité")
    page.get_by_label("Date").fill("2020-03-01")
    page.get_by_role("button", name="Enregistrer l'étape").click()
    page.get_by_text("est passée à l'étape « Étude de faisabilité »").wait_for()
    page.screenshot(path=artefacts / "innovation.png", full_page=True)

    page.goto(page.base + "/methode/")
    column = page.locator(".board-col", has_text="Étude de faisabilité")
    assert "Essai navigateur" in column.inner_text()


@pytest.fixture
def lref_member(programme):
    adoption = Adoption.objects.filter(innovation__code="LREF").select_related("structure").order_by("pk").first()
    member = person(member=True, structures=[adoption.structure])
    return adoption, member


def test_member_enters_figures_with_the_keyboard_only(page, lref_member, artefacts):
    adoption, member = lref_member
    log_in(page, member.email)
    page.goto(page.base + f"/evaluation/saisie/{adoption.pk}/?periode=2020-06-30")
    # The first value has the focus; Tab goes value → comment → next value; Enter saves.
    first = page.locator("table.entry input[name^=value-]").first
    assert first.evaluate("el => el === document.activeElement")
    # A wrong value is refused in place (the form answers 400 and htmx shows it), nothing saved.
    page.keyboard.type("-3")
    page.keyboard.press("Enter")
    page.get_by_text("Rien n'a été enregistré").wait_for()
    assert not Value.objects.filter(structure=adoption.structure, period_end=datetime.date(2020, 6, 30)).exists()
    first = page.locator("table.entry input[name^=value-]").first
    first.focus()
    first.fill("")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("saisi au clavier")
    page.keyboard.press("Tab")
    page.keyboard.type("nc")
    page.keyboard.press("Enter")
    page.get_by_text("2 valeurs enregistrées").wait_for()
    page.screenshot(path=artefacts / "saisie.png", full_page=True)
    saved = Value.objects.filter(structure=adoption.structure, period_end=datetime.date(2020, 6, 30))
    assert sorted(v.display for v in saved) == ["12", "nc"]
    assert saved.get(number=12).comment == "saisi au clavier"


def test_member_uploads_a_filled_in_template_then_an_evaluator_validates(page, lref_member, artefacts):
    adoption, member = lref_member
    log_in(page, member.email)
    page.goto(page.base + "/evaluation/tableur/LREF/?periode=2020-09-30")
    with page.expect_download() as download:
        page.get_by_role("button", name="Modèle Excel (.xlsx)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    value_column = header.index("valeur") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=value_column).value = 7
    filled = artefacts / "modele-rempli.xlsx"
    book.save(filled)

    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Enregistrer ces").click()
    page.wait_for_load_state()
    page.screenshot(path=artefacts / "depot.png", full_page=True)
    written = Value.objects.filter(structure=adoption.structure, period_end=datetime.date(2020, 9, 30))
    assert written.count() == sheet.max_row - 1 and {v.number for v in written} == {7}
    assert {v.state for v in written} == {"entered"}

    page.get_by_role("button", name="Se déconnecter").click()
    evaluator = person(evaluator=True)
    log_in(page, evaluator.email)
    page.goto(page.base + f"/evaluation/saisie/{adoption.pk}/?periode=2020-09-30")
    page.get_by_role("button", name="Valider les valeurs de cette période").click()
    page.wait_for_load_state()
    page.screenshot(path=artefacts / "validation.png", full_page=True)
    assert {v.state for v in written.all()} == {"validated"}
