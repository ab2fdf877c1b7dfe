"""The grid page by role (names for those who see structures, aggregates for funders), the
innovation page's card, the method board."""

import pytest
from django.urls import reverse

from essaim.grids.models import EvaluationPhase, Finding
from tests.grids.conftest import rate


def grid_url(phase=None, code="ALPHA"):
    url = reverse("grids:grid", args=[code])
    return f"{url}?phase={phase}" if phase else url


@pytest.fixture
def rated(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", "en cours", "non"], comments={1: "Plan en relecture"})
    rate(grid, w.other, 1, ["oui", "non renseigné", None])
    return grid


@pytest.mark.parametrize("role", ["team", "evaluator", "innovator"])
def test_those_who_see_structures_read_every_row_and_comment(client, rated, personas, role):
    client.force_login(personas[role])
    response = client.get(grid_url(1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Structure membre" in page and "Autre structure" in page
    assert 'title="Plan en relecture"' in page
    assert "Télécharger ce tableau (CSV)" in page
    assert [r.structure.name for r in response.context["rows"]] == ["Autre structure", "Structure membre"]


def test_a_member_reads_its_own_row_beside_the_aggregates(client, rated, personas):
    client.force_login(personas["member"])
    response = client.get(grid_url(1))
    page = response.content.decode()
    assert [r.structure.name for r in response.context["rows"]] == ["Structure membre"]
    assert "Autre structure" not in page
    assert "seules les vôtres sont nommées ici" in page
    assert "Télécharger ce tableau (CSV)" not in page
    assert response.context["view"].shares[0].rated == 2  # the aggregates count both structures


def test_a_funder_reads_aggregates_only(client, rated, personas):
    client.force_login(personas["funder"])
    response = client.get(grid_url(1))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["rows"] == []
    for name in ("Structure membre", "Autre structure", "Plan en relecture"):
        assert name not in page
    assert "Le détail par structure n'est pas visible avec votre rôle" in page
    assert "Par élément : part des structures à chaque niveau" in page
    assert "Structures par palier" in page
    assert client.get(reverse("grids:grid_csv", args=["ALPHA"])).status_code == 403


def test_the_page_shows_shares_bands_and_the_legend(client, rated, personas):
    client.force_login(personas["team"])
    response = client.get(grid_url(1))
    page = response.content.decode()
    assert "oui / fixée" in page and "en cours / partiel" in page and "sans score, jamais compté" in page
    own = next(r for r in response.context["rows"] if r.structure.name == "Structure membre")
    assert str(own.score.mean) == "1.00" and own.score.band.label == "Appropriation engagée"
    other = next(r for r in response.context["rows"] if r.structure.name == "Autre structure")
    assert (other.score.rated, other.score.unknown, other.score.not_rated) == (1, 1, 1)
    assert "1 noté sur 3, 1 non renseigné" in page


def test_a_bad_phase_says_so_and_shows_the_default(client, rated, personas):
    client.force_login(personas["team"])
    response = client.get(grid_url("7"))
    assert response.status_code == 200
    assert "Phase « 7 » inconnue" in response.content.decode()
    assert response.context["phase"] == 1


def test_the_csv_is_the_export_grid_table(client, rated, personas):
    client.force_login(personas["team"])
    response = client.get(reverse("grids:grid_csv", args=["ALPHA"]) + "?phase=1")
    assert response["Content-Disposition"] == 'attachment; filename="grille-ALPHA-phase-1.csv"'
    assert response.content.decode() == (
        "structure,Information interne,Plan d'action,Ouverture du lieu\n"
        "Autre structure,oui,non renseigné,\n"
        "Structure membre,oui,en cours,non\n"
    )


def test_an_innovation_without_grid(client, world, personas):
    client.force_login(personas["team"])
    page = client.get(grid_url(code="BETA")).content.decode()
    assert "n'a pas encore de grille" in page and reverse("grids:define", args=["BETA"]) in page
    client.force_login(personas["funder"])
    assert reverse("grids:define", args=["BETA"]) not in client.get(grid_url(code="BETA")).content.decode()


def test_findings_of_the_phase_follow_the_same_rule(client, rated, personas):
    w = rated.world
    Finding.objects.create(innovation=w.innovation, phase=1, kind="effect", text="Effet général")
    Finding.objects.create(
        innovation=w.innovation, phase=1, structure=w.other.structure, kind="quote", text="Dit par l'autre"
    )
    for role, expected in [("team", True), ("innovator", True), ("member", False), ("funder", False)]:
        client.force_login(personas[role])
        page = client.get(grid_url(1)).content.decode()
        assert "Effet général" in page
        assert ("Dit par l&#x27;autre" in page) is expected, role


def test_the_innovation_page_has_an_evaluation_card(client, rated, personas):
    EvaluationPhase.objects.create(innovation=rated.world.innovation, number=1, planned_on="2017-01-01")
    client.force_login(personas["member"])
    page = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    assert "Évaluation embarquée" in page and "Grille de 3 éléments" in page
    assert reverse("grids:entry", args=["ALPHA"]) in page  # a member rates its own adoption
    client.force_login(personas["funder"])
    page = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    assert reverse("grids:grid", args=["ALPHA"]) in page and reverse("grids:entry", args=["ALPHA"]) not in page


def test_the_method_board_shows_where_each_innovation_stands_in_its_plan(client, world, personas):
    from essaim.core.history import record
    from essaim.innovations.enums import Step
    from essaim.innovations.models import StepChange

    record(StepChange, world.innovation, Step.EVALUATION_1, "2017-01-10")
    EvaluationPhase.objects.create(
        innovation=world.innovation, number=1, planned_on="2017-01-01", status="delivered", delivered_on="2017-03-01"
    )
    EvaluationPhase.objects.create(innovation=world.innovation, number=2, planned_on="2017-07-01")
    EvaluationPhase.objects.create(innovation=world.innovation, number=3, planned_on="2018-01-01")
    client.force_login(personas["funder"])
    page = client.get(reverse("reports:board") + "?au=2017-04-01").content.decode()
    assert "Évaluation : 1 rapport sur 3 · phase 2 prévue en juillet 2017" in page
    page = client.get(reverse("reports:board") + "?au=2017-02-01").content.decode()
    assert "Évaluation : 0 rapport sur 3 · phase 1 en cours" in page  # delivered only in March
    assert reverse("grids:index") in page


def test_the_index_lists_every_innovation(client, rated, personas):
    client.force_login(personas["funder"])
    response = client.get(reverse("grids:index"))
    assert response.status_code == 200
    rows = {r["innovation"].code: r for r in response.context["rows"]}
    assert rows["ALPHA"]["rated"] == 2 and rows["ALPHA"]["grid"].n_items == 3
    assert rows["BETA"]["grid"] is None
