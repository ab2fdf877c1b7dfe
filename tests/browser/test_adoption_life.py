"""An adoption's life in Chromium: the team moves a Parcours Gardien adoption from « formée » to
« abandon » with a past date and a reason; the innovation page's statuses and drop-out ratio
change accordingly; the admin saves the adoption with its three history entries."""

import datetime

import pytest

from essaim.core.history import record
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reference.load import load_reference_data
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange
from tests.browser.conftest import log_in
from tests.browser.test_journeys import person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

BEFORE = "18 formées : 4 abandons, 6 envisagent, 6 en place, 1 passerelle, 1 sans suite enregistrée."
AFTER = "18 formées : 5 abandons, 6 envisagent, 6 en place, 1 passerelle."


@pytest.fixture
def second_cohort():
    """The seeds' Parcours Gardien, and one structure of the second cohort, trained in 2019."""
    load_reference_data()
    innovation = Innovation.objects.get(code="PARCOURS-GARDIEN")
    structure = Structure.objects.create(name="SIAE de la cohorte 2", kind="ACI", departement_id="33")
    adoption = Adoption.objects.create(innovation=innovation, structure=structure, since=datetime.date(2019, 6, 1))
    record(StatusChange, adoption, AdoptionStatus.SELECTED, datetime.date(2019, 6, 1))
    record(StatusChange, adoption, AdoptionStatus.TRAINED, datetime.date(2019, 9, 30))
    return adoption


def life(page):
    return " ".join(page.locator(".life").inner_text().split())


def test_team_records_an_abandon_and_the_page_counts_it(page, second_cohort, artefacts):
    team = person(team=True)
    log_in(page, team.email)
    page.goto(page.base + "/innovations/PARCOURS-GARDIEN/")
    assert BEFORE in life(page)
    assert "Abandons : 5/19" in life(page)
    # The documents' own figure stays beside the records, with its source.
    beside = page.locator(".published-beside")
    assert "3/18" in beside.inner_text() and "doc. 003" in beside.inner_text()

    page.get_by_role("link", name="Modifier le statut : SIAE de la cohorte 2").click()
    page.get_by_label("Nouveau statut").select_option(label="Abandon")
    page.get_by_label("Depuis le").fill("2020-01-15")
    page.get_by_label("Motif").fill("Départ de la cheffe de projet, signalé en comité de suivi")
    page.get_by_role("button", name="Enregistrer le statut").click()
    page.get_by_text("« Abandon » depuis le 15 janvier 2020").wait_for()
    assert page.url.endswith("/innovations/PARCOURS-GARDIEN/")
    page.screenshot(path=artefacts / "innovation-apres-abandon.png", full_page=True)

    assert AFTER in life(page)
    assert "Abandons : 6/19" in life(page)
    entry = second_cohort.status_changes.order_by("-on").first()
    assert (entry.status, entry.on, entry.recorded_by) == ("abandoned", datetime.date(2020, 1, 15), team)
    assert entry.note == "Départ de la cheffe de projet, signalé en comité de suivi"

    # A date before the previous change is refused, and said at the top of the form.
    page.get_by_role("link", name="Modifier le statut : SIAE de la cohorte 2").click()
    page.get_by_label("Nouveau statut").select_option(label="Mise en œuvre envisagée")
    page.get_by_label("Depuis le").fill("2019-12-01")
    page.get_by_label("Motif").fill("Erreur de saisie")
    page.get_by_role("button", name="Enregistrer le statut").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "ne peut pas remonter le temps" in summary.inner_text()
    assert second_cohort.status_changes.count() == 3

    # The admin saves the adoption with its three history entries.
    page.goto(page.base + f"/admin/swarming/adoption/{second_cohort.pk}/change/")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.locator(".messagelist .success").wait_for()
    page.screenshot(path=artefacts / "admin.png", full_page=True)
    assert not page.locator(".errornote").count()
    assert list(second_cohort.status_changes.order_by("on").values_list("status", flat=True)) == [
        "selected",
        "trained",
        "abandoned",
    ]
