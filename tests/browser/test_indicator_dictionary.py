"""The indicator dictionary in Chromium: from « Contrôles », the team adds a derived indicator and
finds it in the results; a change to an indicator in use asks for confirmation, saying what
depends on it; an evaluator reads the history."""

import datetime

import pytest

from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def person(**role):
    user = UserFactory(**role)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_team_adds_a_derived_indicator_and_confirms_a_change_in_use(page, artefacts):
    load_reference_data()
    team = person(team=True)
    log_in(page, team.email)
    page.goto(page.base + "/evaluation/controles/")
    page.get_by_role("link", name="Indicateurs et règles de contrôle").click()
    page.get_by_role("heading", name="Indicateurs saisis").wait_for()
    page.screenshot(path=artefacts / "dictionary.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="Nouvel indicateur calculé").click()
    page.get_by_label("Code").fill("companies_per_structure")
    page.get_by_label("Libellé").fill("Entreprises par structure essaimée")
    page.get_by_label("Unité").fill("entreprises")
    page.get_by_label("Calcul").select_option(label="Rapport")
    page.get_by_label("Premier terme").select_option(value="companies_involved")
    page.get_by_label("Second terme").select_option(value="structures_reached")
    page.get_by_label("Motif du changement").fill("Demandé par le comité de pilotage")
    page.get_by_role("button", name="Ajouter l'indicateur").click()
    page.get_by_text("ajouté au dictionnaire").wait_for()
    assert Indicator.objects.get(code="companies_per_structure").operands == [
        "companies_involved",
        "structures_reached",
    ]

    # The consolidated table shows it at once: LREF, 18 companies for 9 structures on 31 March 2019.
    page.goto(page.base + "/resultats/?au=2019-03-31")
    header = page.locator("table.figures thead").first
    assert "Entreprises par structure essaimée" in header.inner_text()
    cell = page.locator('a.cell-link[href^="/resultats/LREF/companies_per_structure/"]').first
    assert cell.inner_text().strip().startswith("2")

    # A new entered indicator; once a value is recorded for it, a new aggregation asks for
    # confirmation, saying what depends on it.
    page.goto(page.base + "/evaluation/indicateurs/")
    page.get_by_role("link", name="Nouvel indicateur saisi").click()
    page.get_by_label("Code").fill("partners")
    page.get_by_label("Libellé").fill("Partenaires mobilisés")
    page.get_by_role("button", name="Ajouter l'indicateur").click()
    page.get_by_text("ajouté au dictionnaire").wait_for()
    lref = Innovation.objects.get(code="LREF")
    Value.objects.create(
        innovation=lref,
        indicator=Indicator.objects.get(code="partners"),
        period_end=datetime.date(2019, 3, 31),
        number=5,
    )
    page.reload()
    page.get_by_label("Agrégation").select_option(label="Somme des périodes (flux)")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Ce changement touche des chiffres déjà calculés").wait_for()
    assert "1 valeur est enregistrée pour cet indicateur" in page.locator("#a-confirmer").inner_text()
    page.screenshot(path=artefacts / "confirmation.png", full_page=True)
    assert Indicator.objects.get(code="partners").aggregation == "last"
    page.get_by_label("Je confirme ce changement").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("« Partenaires mobilisés » enregistré").wait_for()
    assert Indicator.objects.get(code="partners").aggregation == "sum"

    page.goto(page.base + "/evaluation/indicateurs/companies_per_structure/historique/")
    assert "Demandé par le comité de pilotage" in page.content()
    page.screenshot(path=artefacts / "history.png", full_page=True)


def test_a_code_in_use_is_locked_and_deletion_explained(page, artefacts):
    load_reference_data()
    team = person(team=True)
    log_in(page, team.email)
    page.goto(page.base + "/evaluation/indicateurs/people_reached/")
    assert page.get_by_label("Code").is_disabled()
    assert "valeurs sont enregistrées pour cet indicateur" in page.locator("aside").inner_text()
    page.goto(page.base + "/evaluation/indicateurs/people_reached/supprimer/")
    page.get_by_text("Cet indicateur ne peut pas être supprimé").wait_for()
    page.screenshot(path=artefacts / "delete-refused.png", full_page=True)


def test_team_adds_a_plausibility_range_from_the_indicator_page(page, artefacts):
    load_reference_data()
    team = person(team=True)
    log_in(page, team.email)
    page.goto(page.base + "/evaluation/indicateurs/returns_to_employment/")
    page.get_by_role("link", name="Ajouter une plage de vraisemblance").click()
    assert page.get_by_label("Type de règle").input_value() == "bounds"
    page.get_by_label("Nom").fill("Retours à l'emploi plausibles")
    page.get_by_label("Code").fill("returns-range")
    page.get_by_label("Maximum").fill("400")
    page.screenshot(path=artefacts / "rule-form.png", full_page=True)
    page.get_by_role("button", name="Ajouter la règle").click()
    page.get_by_text("Règle « Retours à l'emploi plausibles » ajoutée").wait_for()
    assert "DELD revenus à l'emploi ≤ 400" in page.locator("section", has=page.locator("#regles")).inner_text()

    evaluator = person(evaluator=True)
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, evaluator.email)
    page.goto(page.base + "/evaluation/indicateurs/")
    assert page.get_by_role("link", name="Nouvel indicateur saisi").count() == 0
    page.get_by_role("link", name="Historique de Retours à l'emploi plausibles").click()
    page.get_by_text("Création").first.wait_for()
    page.screenshot(path=artefacts / "rule-history-evaluator.png", full_page=True)
