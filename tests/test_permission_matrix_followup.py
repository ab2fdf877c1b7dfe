"""Every page of the follow-up of people × every role and anonymous (see test_permission_matrix.py).

Expected: 200 (shown), 403 (refused), 404 (hidden: exists but not for this role), "login"
(anonymous sent to the login page), 302 (other redirect), 400 (refused input), 405 (method).
"""

import pytest
from django.urls import reverse

from tests.followup.helpers import person
from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)


@pytest.fixture
def people(world):
    return build_people(world)


def build_people(world):
    return {
        "own": person(world.own.structure, world.innovation),
        "other": person(world.other.structure, world.innovation),
    }


def pages(world, people):
    own, other = world.own.structure.pk, world.other.structure.pk
    mine, theirs = people["own"].beneficiary_id, people["other"].beneficiary_id
    own_situation = people["own"].situations.get().pk
    their_situation = people["other"].situations.get().pk
    return {
        "home": ("get", reverse("followup:home")),
        "outcomes": ("get", reverse("followup:outcomes")),
        "outcomes_structure_own": ("get", reverse("followup:outcomes") + f"?structure={own}"),
        "outcomes_by_structure": ("get", reverse("followup:outcomes") + "?innovation=ALPHA&ventilation=structure"),
        "outcomes_export": ("get", reverse("followup:outcomes_export")),
        "outcomes_api": ("get", reverse("followup:outcomes_api")),
        "bridge": ("get", reverse("followup:bridge")),
        "access_log": ("get", reverse("followup:access_log")),
        "people_own": ("get", reverse("followup:people", args=[own])),
        "people_other": ("get", reverse("followup:people", args=[other])),
        "person_create_own": ("get", reverse("followup:person_create", args=[own])),
        "person_create_other": ("get", reverse("followup:person_create", args=[other])),
        "person_create_post": ("post", reverse("followup:person_create", args=[own])),
        "find_own": ("post", reverse("followup:find", args=[own])),
        "find_get": ("get", reverse("followup:find", args=[own])),
        "people_export_own": ("get", reverse("followup:people_export", args=[own])),
        "people_export_other": ("get", reverse("followup:people_export", args=[other])),
        "upload_own": ("get", reverse("followup:upload", args=[own])),
        "upload_other": ("get", reverse("followup:upload", args=[other])),
        "upload_post": ("post", reverse("followup:upload", args=[own])),
        "upload_confirm": ("post", reverse("followup:upload_confirm", args=[own])),
        "template_own": ("get", reverse("followup:template", args=[own])),
        "template_other": ("get", reverse("followup:template", args=[other])),
        "person_own": ("get", reverse("followup:person", args=[mine])),
        "person_other": ("get", reverse("followup:person", args=[theirs])),
        "situation_add": ("post", reverse("followup:situation_add", args=[mine])),
        "situation_change_own": ("get", reverse("followup:situation_change", args=[mine, own_situation])),
        "situation_change_other": ("post", reverse("followup:situation_change", args=[theirs, their_situation])),
        "situation_change_mismatch": ("get", reverse("followup:situation_change", args=[mine, their_situation])),
        "person_export_own": ("get", reverse("followup:person_export", args=[mine])),
        "person_export_other": ("get", reverse("followup:person_export", args=[theirs])),
        "person_erase_own": ("get", reverse("followup:person_erase", args=[mine])),
        "person_erase_other": ("post", reverse("followup:person_erase", args=[theirs])),
    }


#                                  team  eval  innov member funder anon
EXPECTED = {
    "home": [200, 200, 200, 200, 200, "login"],
    "outcomes": [200, 200, 200, 200, 200, "login"],
    "outcomes_structure_own": [200, 404, 404, 200, 404, "login"],
    "outcomes_by_structure": [200, 200, 200, 200, 200, "login"],
    "outcomes_export": [200, 200, 200, 200, 200, "login"],
    "outcomes_api": [200, 200, 200, 200, 200, "login"],
    "bridge": [200, 200, 200, 200, 200, "login"],
    "access_log": [200, 403, 403, 403, 403, "login"],
    "people_own": [200, 403, 403, 200, 403, "login"],
    "people_other": [200, 403, 403, 404, 403, "login"],
    "person_create_own": [200, 403, 403, 200, 403, "login"],
    "person_create_other": [200, 403, 403, 404, 403, "login"],
    "person_create_post": [400, 403, 403, 400, 403, "login"],
    "find_own": [302, 403, 403, 302, 403, "login"],
    "find_get": [405, 405, 405, 405, 405, 405],
    "people_export_own": [200, 403, 403, 200, 403, "login"],
    "people_export_other": [200, 403, 403, 404, 403, "login"],
    "upload_own": [200, 403, 403, 200, 403, "login"],
    "upload_other": [200, 403, 403, 404, 403, "login"],
    "upload_post": [400, 403, 403, 400, 403, "login"],
    "upload_confirm": [302, 403, 403, 302, 403, "login"],
    "template_own": [200, 403, 403, 200, 403, "login"],
    "template_other": [200, 403, 403, 404, 403, "login"],
    "person_own": [200, 403, 403, 200, 403, "login"],
    "person_other": [200, 403, 403, 404, 403, "login"],
    "situation_add": [400, 403, 403, 400, 403, "login"],
    "situation_change_own": [200, 403, 403, 200, 403, "login"],
    "situation_change_other": [400, 403, 403, 404, 403, "login"],
    "situation_change_mismatch": [404, 403, 403, 404, 403, "login"],
    "person_export_own": [200, 403, 403, 200, 403, "login"],
    "person_export_other": [200, 403, 403, 404, 403, "login"],
    "person_erase_own": [200, 403, 403, 200, 403, "login"],
    "person_erase_other": [302, 403, 403, 404, 403, "login"],
}


def test_matrix_covers_every_page(world, people):
    assert_matrix_covers_every_page(EXPECTED, pages(world, people))


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, personas, people, page, role):
    assert_access(client, personas, role, pages(world, people)[page], EXPECTED[page][ROLES.index(role)])


def test_structure_breakdown_is_refused_to_those_without_unit_figures(client, world, personas, people):
    """The page answers (200) but falls back to the innovation breakdown, with a message."""
    for role, shown in [("team", True), ("evaluator", True), ("innovator", True), ("member", False), ("funder", False)]:
        client.force_login(personas[role])
        response = client.get(reverse("followup:outcomes") + "?innovation=ALPHA&ventilation=structure")
        assert (response.context["params"].breakdown == "structure") is shown, role


def test_every_named_url_is_in_the_matrix(world, people):
    assert_every_named_url_is_in_the_matrix(("followup",), pages(world, people))
