"""Every page of the embedded evaluation (namespace « grids ») × every role and anonymous.

Expected: 200 (shown), 400 (refused input), 403 (refused), 404 (hidden: exists but not for this
role), "login" (anonymous sent to the login page), 302 (other redirect).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Scale
from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)


@pytest.fixture
def evaluation(world):
    return build_evaluation(world)


def build_evaluation(world):
    """ALPHA has a grid, a plan whose first phase has its report, a finding."""
    grid = Grid.objects.create(innovation=world.innovation, scale=Scale.objects.get(code="oui-en-cours-non"))
    GridItem.objects.create(grid=grid, key="info", position=1, label=f"Information interne{world.mark}")
    EvaluationPhase.objects.create(
        innovation=world.innovation,
        number=1,
        planned_on="2017-01-01",
        report=SimpleUploadedFile("r.pdf", f"%PDF-1.4\n%{world.mark}\n%%EOF\n".encode()),
        report_name="r.pdf",
    )
    finding = Finding.objects.create(innovation=world.innovation, kind="effect", text=f"Un effet{world.mark}")
    return finding


def pages(world, finding):
    return {
        "index": ("get", reverse("grids:index")),
        "findings": ("get", reverse("grids:findings")),
        "finding_new": ("get", reverse("grids:finding_new")),
        "finding_edit": ("get", reverse("grids:finding_edit", args=[finding.pk])),
        "grid": ("get", reverse("grids:grid", args=["ALPHA"])),
        "grid_without_grid": ("get", reverse("grids:grid", args=["BETA"])),
        "grid_csv": ("get", reverse("grids:grid_csv", args=["ALPHA"])),
        "entry": ("get", reverse("grids:entry", args=["ALPHA"])),
        "entry_post": ("post", reverse("grids:entry", args=["ALPHA"])),
        "entry_other_innovation": ("get", reverse("grids:entry", args=["BETA"])),
        "adoption_own": ("get", reverse("grids:adoption", args=["ALPHA", world.own.pk])),
        "adoption_other": ("get", reverse("grids:adoption", args=["ALPHA", world.other.pk])),
        "adoption_other_post": ("post", reverse("grids:adoption", args=["ALPHA", world.other.pk])),
        "adoption_foreign": ("get", reverse("grids:adoption", args=["ALPHA", world.foreign.pk])),
        "define": ("get", reverse("grids:define", args=["ALPHA"])),
        "define_post": ("post", reverse("grids:define", args=["ALPHA"])),
        "plan": ("get", reverse("grids:plan", args=["ALPHA"])),
        "plan_post": ("post", reverse("grids:plan", args=["ALPHA"])),
        "plan_create": ("post", reverse("grids:plan_create", args=["ALPHA"])),
        "report": ("get", reverse("grids:report", args=["ALPHA", 1])),
        "template": ("get", reverse("grids:template", args=["ALPHA"])),
        "template_other_innovation": ("get", reverse("grids:template", args=["BETA"])),
        "upload": ("get", reverse("grids:upload", args=["ALPHA"])),
        "upload_post": ("post", reverse("grids:upload", args=["ALPHA"])),
        "confirm": ("post", reverse("grids:confirm", args=["ALPHA"])),
    }


#                                  team  eval  innov member funder anon
EXPECTED = {
    "index": [200, 200, 200, 200, 200, "login"],
    "findings": [200, 200, 200, 200, 200, "login"],
    "finding_new": [200, 200, 403, 403, 403, "login"],
    "finding_edit": [200, 200, 403, 403, 403, "login"],
    "grid": [200, 200, 200, 200, 200, "login"],
    "grid_without_grid": [200, 200, 200, 200, 200, "login"],
    "grid_csv": [200, 200, 200, 403, 403, "login"],
    "entry": [200, 200, 403, 200, 403, "login"],
    "entry_post": [302, 302, 403, 302, 403, "login"],
    "entry_other_innovation": [404, 404, 403, 403, 403, "login"],
    "adoption_own": [200, 200, 200, 200, 403, "login"],
    "adoption_other": [200, 200, 200, 404, 403, "login"],
    "adoption_other_post": [302, 302, 403, 404, 403, "login"],
    "adoption_foreign": [404, 404, 404, 404, 403, "login"],
    "define": [200, 200, 403, 403, 403, "login"],
    "define_post": [400, 400, 403, 403, 403, "login"],
    "plan": [200, 200, 200, 200, 200, "login"],
    "plan_post": [302, 302, 403, 403, 403, "login"],
    "plan_create": [400, 400, 403, 403, 403, "login"],
    "report": [200, 200, 200, 403, 403, "login"],
    "template": [200, 200, 403, 200, 403, "login"],
    "template_other_innovation": [404, 404, 403, 403, 403, "login"],
    "upload": [200, 200, 403, 200, 403, "login"],
    "upload_post": [400, 400, 403, 400, 403, "login"],
    "confirm": [302, 302, 403, 302, 403, "login"],
}


def test_matrix_covers_every_page(world, evaluation):
    assert_matrix_covers_every_page(EXPECTED, pages(world, evaluation))


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, personas, evaluation, page, role):
    assert_access(client, personas, role, pages(world, evaluation)[page], EXPECTED[page][ROLES.index(role)])


def test_every_named_url_is_in_the_matrix(world, evaluation):
    assert_every_named_url_is_in_the_matrix(("grids",), pages(world, evaluation))
