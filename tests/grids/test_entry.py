"""Rating on the pages: the matrix (structures × items) and a structure's page. All or nothing,
concurrent edits refused, a rating never erased, history kept, each role its own adoptions."""

import pytest
from django.urls import reverse

from essaim.grids import entry
from essaim.grids.models import Observation
from tests.grids.conftest import rate


def entry_url(phase=1):
    return reverse("grids:entry", args=["ALPHA"]) + f"?phase={phase}"


def adoption_url(adoption, phase=1):
    return reverse("grids:adoption", args=["ALPHA", adoption.pk]) + f"?phase={phase}"


def form_of(response):
    """The values a browser would post back: every select's level and hidden version."""
    data = {"phase": str(response.context["phase"])}
    for row in response.context["rows"]:
        for cell in row.cells:
            data[f"level-{cell.field}"] = cell.level_id
            data[f"version-{cell.field}"] = cell.token
            data[f"comment-{cell.field}"] = cell.comment
    return data


def field(adoption, item):
    return f"{adoption.pk}-{item.pk}"


def ratings():
    return {(o.adoption_id, o.item.key): (o.level.label, o.comment) for o in Observation.objects.select_related("item")}


def test_the_team_rates_every_structure_in_one_go(client, grid, personas):
    w = grid.world
    client.force_login(personas["evaluator"])
    response = client.get(entry_url())
    assert response.status_code == 200
    assert [r.adoption.pk for r in response.context["rows"]] == [w.other.pk, w.own.pk]  # by name
    data = form_of(response)
    info, plan = grid.items[0], grid.items[1]
    data[f"level-{field(w.own, info)}"] = str(grid.levels["oui"].pk)
    data[f"level-{field(w.other, plan)}"] = str(grid.levels["non renseigné"].pk)
    response = client.post(entry_url(), data, follow=True)
    assert "2 notes enregistrées." in response.content.decode()
    assert ratings() == {(w.own.pk, "info"): ("oui", ""), (w.other.pk, "plan"): ("non renseigné", "")}
    rating = Observation.objects.get(adoption=w.own)
    assert rating.recorded_by == personas["evaluator"]
    assert rating.history.get().history_user == personas["evaluator"]


def test_htmx_gets_the_matrix_alone(client, grid, personas):
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    data[f"level-{field(grid.world.own, grid.items[0])}"] = str(grid.levels["non"].pk)
    response = client.post(entry_url(), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "1 note enregistrée." in page


def test_a_bad_cell_writes_nothing(client, grid, personas):
    w = grid.world
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    data[f"level-{field(w.own, grid.items[0])}"] = str(grid.levels["oui"].pk)
    data[f"level-{field(w.other, grid.items[0])}"] = "999999"  # not a level of this scale
    response = client.post(entry_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rien n'a été enregistré" in page
    assert "Niveau inconnu pour l&#x27;échelle « Oui / en cours / non »" in page
    assert Observation.objects.count() == 0


def test_a_level_of_another_scale_is_refused(client, grid, personas):
    from essaim.grids.models import Scale

    positive = Scale.objects.get(code="positif-partiel-negatif").levels.get(label="Positif")
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    data[f"level-{field(grid.world.own, grid.items[0])}"] = str(positive.pk)
    assert client.post(entry_url(), data).status_code == 400
    assert Observation.objects.count() == 0


def test_a_phase_out_of_range_is_refused(client, grid, personas):
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    data[f"level-{field(grid.world.own, grid.items[0])}"] = str(grid.levels["oui"].pk)
    data["phase"] = "4"
    response = client.post(reverse("grids:entry", args=["ALPHA"]), data)
    assert response.status_code == 400
    assert "Phase « 4 » inconnue" in response.content.decode()
    assert Observation.objects.count() == 0


def test_a_rating_is_never_erased(client, grid, personas):
    w = grid.world
    rate(grid, w.own, 1, ["oui", None, None])
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    data[f"level-{field(w.own, grid.items[0])}"] = ""
    response = client.post(entry_url(), data)
    assert response.status_code == 400
    assert "choisissez « non renseigné »" in response.content.decode()
    assert ratings() == {(w.own.pk, "info"): ("oui", "")}


def test_a_concurrent_change_is_not_overwritten(client, grid, personas):
    w = grid.world
    rate(grid, w.own, 1, ["en cours", None, None])
    client.force_login(personas["team"])
    data = form_of(client.get(entry_url()))
    # Meanwhile, someone else saves the same cell.
    other = personas["evaluator"]
    entry.save_ratings(
        grid.grid,
        1,
        [w.own],
        {
            field(w.own, grid.items[0]): (
                str(grid.levels["non"].pk),
                None,
                data[f"version-{field(w.own, grid.items[0])}"],
            )
        },
        other,
    )
    data[f"level-{field(w.own, grid.items[0])}"] = str(grid.levels["oui"].pk)
    response = client.post(entry_url(), data)
    assert response.status_code == 400
    assert f"Modifiée par {other}" in response.content.decode()
    assert ratings() == {(w.own.pk, "info"): ("non", "")}


def test_a_member_rates_its_own_adoption_only(client, grid, personas):
    w = grid.world
    client.force_login(personas["member"])
    response = client.get(entry_url())
    assert [r.adoption.pk for r in response.context["rows"]] == [w.own.pk]
    data = form_of(response)
    data[f"level-{field(w.own, grid.items[0])}"] = str(grid.levels["oui"].pk)
    # A forged cell for the other structure is ignored: it is not on the member's grid.
    data[f"level-{field(w.other, grid.items[0])}"] = str(grid.levels["oui"].pk)
    data[f"version-{field(w.other, grid.items[0])}"] = entry.NEW
    assert client.post(entry_url(), data).status_code == 302
    assert ratings() == {(w.own.pk, "info"): ("oui", "")}
    assert client.post(adoption_url(w.other), data).status_code == 404
    assert client.get(adoption_url(w.other)).status_code == 404


def test_the_structure_page_saves_levels_and_comments(client, grid, personas):
    w = grid.world
    client.force_login(personas["member"])
    response = client.get(adoption_url(w.own))
    assert response.status_code == 200 and response.context["may_rate"]
    data = form_of(response)
    data[f"level-{field(w.own, grid.items[2])}"] = str(grid.levels["non"].pk)
    data[f"comment-{field(w.own, grid.items[2])}"] = "  Pas encore de local.  "
    response = client.post(adoption_url(w.own), data, follow=True)
    assert "1 note enregistrée." in response.content.decode()
    assert ratings() == {(w.own.pk, "lieu"): ("non", "Pas encore de local.")}
    # Then a change of level: the history keeps both.
    data = form_of(client.get(adoption_url(w.own)))
    data[f"level-{field(w.own, grid.items[2])}"] = str(grid.levels["en cours"].pk)
    client.post(adoption_url(w.own), data)
    rating = Observation.objects.get()
    assert [h.level.label for h in rating.history.order_by("history_date")] == ["non", "en cours"]
    page = client.get(adoption_url(w.own)).content.decode()
    assert ": non</li>" in page  # the earlier level, in the history column


def test_a_comment_needs_a_level(client, grid, personas):
    w = grid.world
    client.force_login(personas["team"])
    data = form_of(client.get(adoption_url(w.own)))
    data[f"comment-{field(w.own, grid.items[0])}"] = "Rien à dire"
    response = client.post(adoption_url(w.own), data)
    assert response.status_code == 400
    assert "Choisissez un niveau pour accompagner ce commentaire." in response.content.decode()
    assert Observation.objects.count() == 0


def test_the_porteur_reads_a_structure_page_without_a_form(client, grid, personas):
    w = grid.world
    rate(grid, w.other, 1, ["oui", "en cours", None], comments={0: "Affiché en salle"})
    client.force_login(personas["innovator"])
    response = client.get(adoption_url(w.other))
    assert response.status_code == 200 and not response.context["may_rate"]
    page = response.content.decode()
    assert "Affiché en salle" in page and 'name="level-' not in page
    data = form_of(response)
    assert client.post(adoption_url(w.other), data).status_code == 403
    assert client.get(entry_url()).status_code == 403


@pytest.mark.parametrize("role", ["funder", "innovator"])
def test_readers_cannot_rate(client, grid, personas, role):
    client.force_login(personas[role])
    assert client.get(entry_url()).status_code == 403
