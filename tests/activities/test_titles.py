"""An activity's title as each role may read it (essaim/activities/titles.py): the structures
that attended are named only to those who see the attendance."""

import datetime

import pytest
from django.urls import reverse

from essaim.activities.models import Activity, Attendance
from essaim.activities.titles import without_names
from tests.permission_matrix import ROLES, assert_access

TITLE = "Formation-action Alpha — Structure membre, Autre structure et Structure étrangère"


@pytest.mark.parametrize(
    "text, names, expected",
    [
        ("Formation A.CO.R — AgiRE", ["AgiRE"], "Formation A.CO.R"),
        (
            "Formation-action — ADEFO, La Sasson et Fondation de Nice",
            ["ADEFO", "La Sasson", "Fondation de Nice"],
            "Formation-action",
        ),
        (
            "Formation-action — ADEFO, La Sasson et Fondation de Nice",
            ["La Sasson", "Fondation de Nice"],
            "Formation-action — ADEFO",
        ),
        (
            "Formation-action — ADEFO, La Sasson et Fondation de Nice",
            ["ADEFO"],
            "Formation-action — La Sasson et Fondation de Nice",
        ),
        ("Visite de site (adefo)", ["ADEFO"], "Visite de site"),
        ("Journée chez ADEFO", ["ADEFO"], "Journée"),
        ("Réunion à Nice", ["Nic"], "Réunion à Nice"),  # a name inside a word is not a name
        ("Formation-action Lieu Ressources", ["ADEFO"], "Formation-action Lieu Ressources"),
        ("ADEFO", ["ADEFO"], ""),
    ],
)
def test_a_title_without_names(text, names, expected):
    assert without_names(text, names) == expected


@pytest.fixture
def activity(world):
    """An activity of Alpha attended by the member's structure and another adopter, whose title
    names them, and a structure of another innovation that attended too."""
    activity = Activity.objects.create(
        innovation=world.innovation,
        kind="formation_action",
        title=TITLE,
        module="Module 1 (Autre structure)",
        starts_on=datetime.date(2016, 9, 1),
    )
    for structure in (world.own.structure, world.other.structure, world.foreign.structure):
        Attendance.objects.create(activity=activity, structure=structure, professionals=2)
    return activity


# The structures each role reads in the activity's title, on every page that shows it.
NAMED = {
    "team": {"Structure membre", "Autre structure", "Structure étrangère"},
    "evaluator": {"Structure membre", "Autre structure", "Structure étrangère"},
    "innovator": {"Structure membre", "Autre structure", "Structure étrangère"},  # the porteur of Alpha
    "member": {"Structure membre"},
    "funder": set(),
    "anonymous": None,  # sent to the login page
}
ALL = {"Structure membre", "Autre structure", "Structure étrangère"}


def test_every_role_has_its_row():
    assert set(NAMED) == set(ROLES)


@pytest.mark.parametrize("page", ["activity_list", "activity", "calendar"])
@pytest.mark.parametrize("role", ROLES)
def test_titles_name_only_the_structures_a_role_may_see(client, world, personas, activity, role, page):
    url = {
        "activity_list": reverse("activities:activity_list"),
        "activity": reverse("activities:activity", args=[activity.pk]),
        "calendar": reverse("activities:calendar", args=["ALPHA"]),
    }[page]
    if NAMED[role] is None:
        assert_access(client, personas, role, ("get", url), "login")
        return
    client.force_login(personas[role])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formation-action Alpha" in html
    for name in NAMED[role]:
        assert name in html, (role, page, name)
    for name in ALL - NAMED[role]:
        assert name not in html, (role, page, name)
