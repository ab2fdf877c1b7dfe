"""The main navigation (essaim/web/navigation.py): the entries the apps declare, grouped in menus,
shown only to those who may open them, the current page marked once."""

import pytest
from django.urls import reverse

from essaim.core.navigation import Entry
from essaim.web.navigation import items, links

pytestmark = pytest.mark.django_db


def labels(items):
    return [
        (item["label"], [link["label"] for link in item["links"]]) if "links" in item else item["label"]
        for item in items
    ]


def every_link(items):
    for item in items:
        yield from item.get("links", [item])


def test_the_team_sees_its_entries_in_menus(personas):
    assert labels(links(personas["team"], "reports:dashboard")) == [
        "À faire",
        (
            "Méthode",
            [
                "La méthode, étape par étape",
                "Appels à projets",
                "Études de faisabilité",
                "Activités d'essaimage",
                "Évaluation embarquée",
                "Boîte à outils",
            ],
        ),
        (
            "Résultats",
            [
                "Tableau de bord",
                "Résultats par innovation",
                "Chiffres publiés",
                "Contrôle des chiffres",
                "Campagnes de collecte",
            ],
        ),
        "Innovations",
        "Structures",
        (
            "Administration",
            [
                "Personnes",
                "Invitations",
                "Travaux en arrière-plan",
                "Paramètres du programme",
                "Interface d'administration",
            ],
        ),
        "Suivi",
    ]


@pytest.mark.parametrize("role", ["team", "evaluator", "innovator", "member", "funder", "anonymous"])
def test_every_entry_shown_opens(client, personas, role):
    """The navigation shows a role the pages it may open, and no other (each entry answers 200)."""
    user = personas[role]
    if user is not None:
        client.force_login(user)
    found = list(every_link(links(user, "")))
    assert found
    for link in found:
        if link["url"] == "admin:index":
            continue  # the admin's own login: checked by the permission matrix
        assert client.get(reverse(link["url"])).status_code == 200, link["label"]


def test_pages_a_role_may_not_open_are_not_shown(personas):
    shown = {role: {link["label"] for link in every_link(links(personas[role], ""))} for role in personas}
    assert "Études de faisabilité" not in shown["funder"] | shown["member"] | shown["innovator"]
    assert "Contrôle des chiffres" not in shown["funder"] | shown["member"] | shown["innovator"]
    assert "Appels à projets" not in shown["member"]
    assert shown["anonymous"] == {"Chiffres clés", "Boîte à outils"}


def test_the_entry_closest_to_the_page_marks_it(personas):
    """A feasibility study is in the calls' namespace too: only its own entry is marked, and its menu."""
    shown = links(personas["team"], "calls:feasibility")
    assert [link["label"] for link in every_link(shown) if link["current"]] == ["Études de faisabilité"]
    assert [item["label"] for item in shown if item["current"]] == ["Méthode"]
    shown = links(personas["team"], "calls:detail")
    assert [link["label"] for link in every_link(shown) if link["current"]] == ["Appels à projets"]
    assert not any(link["current"] for link in every_link(links(personas["team"], "accounts:login")))


def test_a_menu_left_with_one_entry_is_a_link(personas):
    declared = [
        (Entry("Premier", "reports:dashboard", 1, menu="Menu"), None),
        (Entry("Réservé", "reports:board", 2, menu="Menu"), lambda user: False),
        (Entry("Seul", "innovations:list", 3), None),
    ]
    assert labels(items(declared, personas["team"], "")) == ["Premier", "Seul"]
