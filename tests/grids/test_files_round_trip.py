"""The ratings template read back unchanged: a comment a spreadsheet would run as a formula is
quoted once on the way out and unquoted once on the way in (CSV and XLSX alike)."""

import pytest

from essaim.grids.models import Observation
from tests.grids.conftest import rate
from tests.grids.test_files import template, upload

pytestmark = pytest.mark.usefixtures("upload_dir")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("comment", ["=1+1", "'=1+1", "-moins", "@A1"])
def test_a_formula_comment_comes_back_unchanged(client, grid, personas, kind, comment):
    rate(grid, grid.world.own, 1, ["oui", None, None], comments={0: comment})
    client.force_login(personas["team"])
    first = template(client, format=kind).content
    if kind == "csv":
        line = next(line for line in first.decode().splitlines() if "Structure membre" in line and ",info," in line)
        assert line.endswith("," + ("'" + comment))  # one quote, before the text as it is stored
    for _ in range(2):
        response = upload(client, template(client, format=kind).content, name=f"notes.{kind}")
        assert response.status_code == 200 and response.context["upload"].errors == []
        assert response.context["n_updated"] == 0  # nothing changed, the comment included
        assert Observation.objects.get(item__key="info").comment == comment
    if kind == "csv":
        assert template(client, format=kind).content == first
