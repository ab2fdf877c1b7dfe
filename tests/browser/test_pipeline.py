"""From the call for projects to the method board, in Chromium: the programme team opens a call
and records an application, a reviewer scores it, the committee selects it, and the new
innovation appears on the method board at the feasibility study."""

import pytest

from essaim.calls.models import Candidate, Review
from essaim.innovations.models import Innovation
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import StructureFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def person(**role):
    user = UserFactory(**role)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_call_a_review_a_selection_and_the_method_board(page, artefacts):
    team = person(team=True, full_name="Camille Équipe")
    reviewer = person(evaluator=True, full_name="Dominique Évaluation")
    porteur = StructureFactory(name="Association Horizon", kind="ASSOCIATION")

    # The programme team opens a call and records an application.
    log_in(page, team.email)
    page.goto(page.base + "/appels/")
    page.get_by_role("link", name="Nouvel appel").click()
    page.get_by_label("Année").fill("2025")
    page.get_by_label("Titre").fill("Appel à projets 2025")
    page.get_by_label("Ouverture des candidatures").fill("2025-01-15")
    page.get_by_label("Clôture des candidatures").fill("2025-03-31")
    page.get_by_label("Comité de sélection").fill("2025-05-15")
    page.get_by_role("button", name="Créer l'appel").click()
    page.get_by_text("avec la grille des trois indicateurs").wait_for()
    page.get_by_role("button", name="Ouvrir l'appel").click()
    page.get_by_text("« Ouvert aux candidatures »").wait_for()
    page.get_by_role("link", name="Enregistrer une candidature").click()
    page.get_by_label("Porteur", exact=True).select_option(value=str(porteur.pk))
    page.get_by_label("Nom du projet").fill("Horizon emploi")
    page.get_by_label("Résultats obtenus à petite échelle").fill("40 % de retours à l'emploi en 2024.")
    page.get_by_label("Candidature reçue le").fill("2025-02-10")
    page.get_by_role("button", name="Enregistrer la candidature").click()
    page.get_by_text("La candidature « Horizon emploi » est enregistrée.").wait_for()
    page.get_by_label("Évaluateur ou évaluatrice").select_option(label=f"{reviewer} — Évaluateur ou évaluatrice")
    page.get_by_role("button", name="Désigner").click()
    page.get_by_text(f"{reviewer} évaluera cette candidature.").wait_for()
    candidate = Candidate.objects.get(project_name="Horizon emploi")
    page.screenshot(path=artefacts / "candidature.png", full_page=True)
    page.get_by_role("button", name="Se déconnecter").click()

    # The reviewer scores it, then sees the scores.
    log_in(page, reviewer.email)
    page.goto(page.base + f"/appels/candidatures/{candidate.pk}/")
    scores = page.locator("input[name^=score_]")
    for n, value in enumerate(["4", "5", "3"]):
        scores.nth(n).fill(value)
    page.get_by_label("Appréciation d'ensemble").fill("Des résultats solides, un processus à formaliser.")
    page.get_by_role("button", name="Envoyer mon évaluation").click()
    page.get_by_text("Votre évaluation est envoyée.").wait_for()
    page.get_by_text("La seule évaluation envoyée pour l'instant").wait_for()
    page.screenshot(path=artefacts / "evaluation.png", full_page=True)
    assert Review.objects.get(candidate=candidate).is_submitted
    page.get_by_role("button", name="Se déconnecter").click()

    # The committee selects it.
    log_in(page, team.email)
    page.goto(page.base + f"/appels/candidatures/{candidate.pk}/")
    page.get_by_role("radio", name="Retenue", exact=True).check()
    page.get_by_label("Date du comité").fill("2025-05-15")
    page.get_by_label("Code de la nouvelle innovation").fill("HORIZON")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("l'innovation HORIZON entre dans la méthode").wait_for()
    page.screenshot(path=artefacts / "decision.png", full_page=True)
    assert Innovation.objects.get(code="HORIZON").step == "feasibility"

    # The new innovation appears on the method board, at the feasibility study.
    page.goto(page.base + "/methode/")
    column = page.locator(".board-col", has_text="Étude de faisabilité")
    assert "Horizon emploi" in column.inner_text()
    page.screenshot(path=artefacts / "methode.png", full_page=True)


def test_the_pipeline_pages_have_no_serious_accessibility_violation(page, artefacts):
    """axe-core on every page of the pipeline, as the programme team (the toolkit also
    without an account)."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    from essaim.activities.models import Activity, Event, StructureCall
    from essaim.reference.load import load_reference_data

    load_reference_data()
    team = person(team=True)
    pages = {
        "appels": "/appels/",
        "appel": f"/appels/{Candidate.objects.get(innovation__code='LREF').call_id}/",
        "candidature": f"/appels/candidatures/{Candidate.objects.get(innovation__code='LREF').pk}/",
        "nouvel-appel": "/appels/nouveau/",
        "faisabilites": "/appels/faisabilite/",
        "faisabilite": "/appels/faisabilite/LREF/",
        "mobilisation": "/essaimage/LREF/mobilisation/",
        "ami": f"/essaimage/ami/{StructureCall.objects.get(innovation__code='LREF').pk}/",
        "calendrier": "/essaimage/LREF/calendrier/?annee=2018",
        "activites": "/essaimage/activites/",
        "activite": f"/essaimage/activites/{Activity.objects.get(key='lref-formation-action-modules-1-2').pk}/",
        "nouvelle-activite": "/essaimage/activites/nouvelle/",
        "evenements": "/essaimage/RALLYES/evenements/",
        "evenement": f"/essaimage/evenements/{Event.objects.get(key='rallye-mife-74-2018-11').pk}/",
        "nouvel-evenement": "/essaimage/RALLYES/evenements/nouveau/",
        "charte": "/essaimage/RALLYES/charte/",
        "outils": "/boite-a-outils/",
        "nouvel-outil": "/boite-a-outils/nouveau/",
    }

    def violations():
        results = axe_module.Axe().run(page)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    found = {}
    page.goto(page.base + "/boite-a-outils/")
    found["outils (anonyme)"] = violations()
    log_in(page, team.email)
    for name, path in pages.items():
        page.goto(page.base + path)
        assert "Erreur" not in page.title(), name
        found[name] = violations()
        if found[name]:
            page.screenshot(path=artefacts / f"{name}.png", full_page=True)
    problems = {name: v for name, v in found.items() if v}
    (artefacts / "axe.txt").write_text("\n".join(f"{name}: {v}" for name, v in problems.items()))
    assert problems == {}
