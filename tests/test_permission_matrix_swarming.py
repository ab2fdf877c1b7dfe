"""The adoptions' pages (namespace « swarming ») × every role and anonymous.

Expected: 200 (shown), 400 (refused input), 403 (refused), 404 (hidden), 405 (method),
"login" (anonymous sent to the login page).
"""

import pytest
from django.urls import reverse

from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)

NAMESPACES = ("swarming",)


def pages(world):
    return {
        "adoption": ("get", reverse("swarming:adoption", args=[world.own.pk])),
        "adoption_status_post": ("post", reverse("swarming:adoption", args=[world.own.pk])),
        "adoption_other_innovation": ("get", reverse("swarming:adoption", args=[world.foreign.pk])),
        "wave": ("post", reverse("swarming:wave", args=[world.own.pk])),
        "wave_get": ("get", reverse("swarming:wave", args=[world.own.pk])),
    }


#                                  team  eval  innov member funder anon
EXPECTED = {
    "adoption": [200, 200, 403, 403, 403, "login"],
    "adoption_status_post": [400, 400, 403, 403, 403, "login"],
    "adoption_other_innovation": [200, 200, 403, 403, 403, "login"],
    "wave": [302, 403, 403, 403, 403, "login"],
    "wave_get": [405, 405, 405, 405, 405, 405],
}


def test_matrix_covers_every_page(world):
    assert_matrix_covers_every_page(EXPECTED, pages(world))


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, personas, page, role):
    assert_access(client, personas, role, pages(world)[page], EXPECTED[page][ROLES.index(role)])


def test_every_named_url_is_in_the_matrix(world):
    assert_every_named_url_is_in_the_matrix(NAMESPACES, pages(world))
