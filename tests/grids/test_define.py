"""Defining a grid on its page: scale, title, ordered items; keys derived from labels and then
stable; a rated item cannot be removed, a rated grid cannot change scale."""

from django.urls import reverse

from essaim.grids.models import Grid, GridItem, Scale
from tests.grids.conftest import rate

URL = reverse("grids:define", args=["ALPHA"])


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def existing(items):
    data = {}
    for n, item in enumerate(items):
        data |= {
            f"elements-{n}-id": str(item.pk),
            f"elements-{n}-position": str(item.position),
            f"elements-{n}-label": item.label,
            f"elements-{n}-description": item.description,
            f"elements-{n}-data_source": item.data_source,
        }
    return data


def test_create_a_grid_with_its_items(client, world, personas):
    client.force_login(personas["evaluator"])
    scale = Scale.objects.get(code="fidelite-1-5")
    data = {"grille-scale": scale.pk, "grille-title": "Fidélité", "grille-description": ""}
    data |= management("elements", 2, 0)
    data |= {
        "elements-0-position": "1",
        "elements-0-label": "Accompagnement  individualisé\ndès l'entrée",
        "elements-0-key": "",
        "elements-1-position": "2",
        "elements-1-label": "Lien avec les employeurs",
        "elements-1-key": "employeurs",
        "elements-1-data_source": "entretien",
    }
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    grid = Grid.objects.get(innovation=world.innovation)
    assert (grid.scale, grid.title) == (scale, "Fidélité")
    assert list(grid.items.values_list("position", "key", "label", "data_source")) == [
        (1, "accompagnement-individualise-des-lentree", "Accompagnement individualisé dès l'entrée", ""),
        (2, "employeurs", "Lien avec les employeurs", "entretien"),
    ]
    assert GridItem.history.filter(history_user=personas["evaluator"]).count() == 2


def test_add_an_item_keeps_the_others_and_their_keys(client, grid, personas):
    client.force_login(personas["team"])
    data = {"grille-scale": grid.scale.pk, "grille-title": "Étapes d'Alpha"}
    data |= management("elements", 4, 3) | existing(grid.items)
    data |= {"elements-0-key": "autre-cle"}  # a disabled field: ignored
    data |= {"elements-3-position": "4", "elements-3-label": "Plan d'action"}  # the same label as item 2
    assert client.post(URL, data).status_code == 302
    assert list(grid.grid.items.values_list("key", flat=True)) == ["info", "plan", "lieu", "plan-daction"]


def test_two_items_cannot_share_an_order(client, grid, personas):
    client.force_login(personas["team"])
    data = {"grille-scale": grid.scale.pk, "grille-title": ""}
    data |= management("elements", 4, 3) | existing(grid.items)
    data |= {"elements-3-position": "2", "elements-3-label": "Bilan"}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Ordre 2 déjà donné à l&#x27;élément « Plan d&#x27;action »." in response.content.decode()
    assert grid.grid.items.count() == 3


def test_a_rated_grid_keeps_its_scale_and_its_rated_items(client, grid, personas):
    rate(grid, grid.world.own, 1, ["oui", None, None])
    client.force_login(personas["team"])
    other = Scale.objects.get(code="fidelite-1-5")
    data = {"grille-scale": other.pk, "grille-title": ""}
    data |= management("elements", 3, 3) | existing(grid.items) | {"elements-0-DELETE": "on"}
    response = client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Des notes existent déjà sur cette grille : son échelle ne peut plus changer." in page
    assert "a déjà des notes : il ne peut pas être supprimé." in page
    grid.grid.refresh_from_db()
    assert grid.grid.scale == grid.scale and grid.grid.items.count() == 3


def test_an_unrated_item_can_be_removed(client, grid, personas):
    client.force_login(personas["team"])
    data = {"grille-scale": grid.scale.pk, "grille-title": ""}
    data |= management("elements", 3, 3) | existing(grid.items) | {"elements-2-DELETE": "on"}
    assert client.post(URL, data).status_code == 302
    assert list(grid.grid.items.values_list("key", flat=True)) == ["info", "plan"]
