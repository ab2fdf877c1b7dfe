"""The figures template read back unchanged: a comment a spreadsheet would run as a formula is
quoted once on the way out and unquoted once on the way in, in CSV and XLSX alike, so that
download → upload → download gives the same comment and the same file, however many times."""

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.evaluation.figure_upload import import_file
from essaim.evaluation.models import Value
from tests.evaluation.helpers import put
from tests.evaluation.template_helpers import COMMENT, PERIOD, data_rows, key, template_url

pytestmark = pytest.mark.usefixtures("upload_dir")

TRICKY = ["=1+1", "'=1+1", "''=x", "'citation", "-5 personnes", "+33 6 12", "@SUM(A1)", "=", "'", "12", "-3"]


def commented(world, comment):
    """36 people reached by the world's own structure, with `comment` (entered, never changed)."""
    value = put(world.innovation, "people_reached", 36, structure=world.own.structure, end=PERIOD)
    Value.objects.filter(pk=value.pk).update(comment=comment)
    value.refresh_from_db()
    return value


@pytest.fixture
def team(client, personas):
    client.force_login(personas["team"])
    return client


def downloaded(client, kind):
    response = client.get(template_url(format=kind))
    assert response.status_code == 200
    return response.content


def uploaded(content, kind, tmp_path, world, user, number):
    path = tmp_path / f"chiffres-{number}.{kind}"
    path.write_bytes(content)
    result = import_file(path, path.name, world.innovation, user, dry_run=False)
    assert result.errors == []
    return result


def written_comment(content, kind, structure):
    """The comment cell of the row of `structure` × people_reached, as the file holds it."""
    if kind == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return workbook["Chiffres"].cell(row=data_rows(workbook)[(key(structure), "people_reached")], column=COMMENT)
    line = next(line for line in content.decode().splitlines() if key(structure) in line and "people_reached" in line)
    return line.rsplit(",", 1)[1]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("comment", TRICKY)
def test_download_upload_download_keeps_the_comment(team, world, personas, tmp_path, kind, comment):
    value = commented(world, comment)
    first = downloaded(team, kind)
    for number in range(3):
        uploaded(downloaded(team, kind), kind, tmp_path, world, personas["team"], number)
        value.refresh_from_db()
        assert value.comment == comment
    assert not value.history.exists()  # the uploads found nothing changed: no history begins
    again = downloaded(team, kind)
    if kind == "csv":
        assert again == first
    else:
        assert (
            written_comment(again, kind, world.own.structure).value
            == written_comment(first, kind, world.own.structure).value
        )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_formula_is_written_with_one_quote(team, world, kind):
    commented(world, "=1+1")
    cell = written_comment(downloaded(team, kind), kind, world.own.structure)
    if kind == "xlsx":
        assert (cell.value, cell.data_type) == ("'=1+1", "s")
    else:
        assert cell == "'=1+1"


COMMENTS = st.text(st.sampled_from(list("=+-@' ab1,\"")), min_size=1, max_size=10).filter(lambda t: t == t.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=COMMENTS, kind=st.sampled_from(["csv", "xlsx"]))
def test_any_comment_survives_a_round_trip(team, world, personas, tmp_path, comment, kind):
    Value.objects.all().delete()  # each example starts afresh, in the test's transaction
    value = commented(world, comment)
    first = downloaded(team, kind)
    uploaded(first, kind, tmp_path, world, personas["team"], 0)
    value.refresh_from_db()
    assert value.comment == comment
    if kind == "csv":
        assert downloaded(team, kind) == first
