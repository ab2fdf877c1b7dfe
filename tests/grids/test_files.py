"""Ratings by spreadsheet: the template (rows, locks, the list of levels), the upload through the
import framework (dry run, errors naming file, row and column, nothing written), confirmation."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.grids.models import Observation
from essaim.grids.rating_template import HEADER, headers
from tests.grids.conftest import rate

pytestmark = pytest.mark.usefixtures("upload_dir")
LEVEL, COMMENT = HEADER.index("level") + 1, HEADER.index("comment") + 1


def template(client, phase=1, **query):
    url = reverse("grids:template", args=["ALPHA"]) + f"?phase={phase}"
    url += "".join(f"&{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response


def workbook(client, phase=1):
    return openpyxl.load_workbook(io.BytesIO(template(client, phase).content))


def fill(book, levels):
    """levels: {(structure name, item key): level or (level, comment)}."""
    sheet = book["Notes"]
    for row in sheet.iter_rows(min_row=2):
        key = (row[2].value, row[4].value)
        if key in levels:
            value = levels[key]
            level, comment = value if isinstance(value, tuple) else (value, None)
            row[LEVEL - 1].value, row[COMMENT - 1].value = level, comment
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content, name="notes.xlsx", phase=1):
    url = reverse("grids:upload", args=["ALPHA"]) + f"?phase={phase}"
    return client.post(url, {"fichier": SimpleUploadedFile(name, content)})


def confirm(client, token, phase=1):
    return client.post(reverse("grids:confirm", args=["ALPHA"]), {"jeton": token, "phase": phase}, follow=True)


def stored():
    return {(o.adoption.structure.name, o.item.key): o.level.label for o in Observation.objects.all()}


def test_the_template_lists_structures_times_items_with_the_scale(client, grid, personas):
    rate(grid, grid.world.own, 1, ["oui", None, None], comments={0: "Affiché"})
    client.force_login(personas["evaluator"])
    book = workbook(client)
    assert book.sheetnames == ["Notes", "Niveaux", "Mode d'emploi"]
    sheet = book["Notes"]
    assert (
        [c.value for c in sheet[1]]
        == headers()
        == [
            "innovation",
            "structure",
            "nom de la structure",
            "phase",
            "élément",
            "libellé de l'élément",
            "niveau",
            "commentaire",
        ]
    )
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 6  # 2 structures × 3 items
    assert rows[3] == [
        "ALPHA",
        grid.world.own.structure.key,
        "Structure membre",
        1,
        "info",
        "Information interne",
        "oui",
        "Affiché",
    ]
    assert [c.value for c in book["Niveaux"]["A"]][1:] == ["oui", "en cours", "non", "non renseigné"]
    assert sheet.protection.sheet and not sheet["G2"].protection.locked and sheet["A2"].protection.locked
    assert sheet.data_validations.dataValidation[0].formula1 == "'Niveaux'!$A$2:$A$5"
    csv = template(client, format="csv").content.decode()
    assert csv.splitlines()[0] == ",".join(headers())


def test_a_member_gets_its_own_rows_only(client, grid, personas):
    client.force_login(personas["member"])
    names = {row[2].value for row in workbook(client)["Notes"].iter_rows(min_row=2)}
    assert names == {"Structure membre"}


def test_dry_run_then_confirm(client, grid, personas, upload_dir):
    client.force_login(personas["team"])
    content = fill(
        workbook(client), {("Structure membre", "info"): "oui", ("Autre structure", "plan"): ("non", "Rien")}
    )
    response = upload(client, content)
    assert response.status_code == 200
    assert response.context["n_new"] == 2 and response.context["upload"].skipped == 4
    assert Observation.objects.count() == 0  # the dry run wrote nothing
    page = response.content.decode()
    assert "Enregistrer ces 2 notes" in page
    token = response.context["token"]
    response = confirm(client, token)
    assert "« notes.xlsx » : 2 notes enregistrées (2 nouvelles, 0 modifiée)." in response.content.decode()
    assert stored() == {("Structure membre", "info"): "oui", ("Autre structure", "plan"): "non"}
    assert Observation.objects.get(item__key="plan").comment == "Rien"
    assert list(upload_dir.iterdir()) == []
    assert "Ce dépôt n&#x27;est plus disponible" in confirm(client, token).content.decode()
    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    "edit, column, message",
    [
        (lambda s: s.__setitem__("G2", "peut-être"), "niveau", "niveau « peut-être » absent de l'échelle"),
        (lambda s: (s.__setitem__("E2", "bilan"), s.__setitem__("G2", "oui")), "élément", "élément inconnu « bilan »"),
        (lambda s: (s.__setitem__("D2", 4), s.__setitem__("G2", "oui")), "phase", "phase « 4 » hors de la plage"),
        (
            lambda s: (s.__setitem__("A2", "BETA"), s.__setitem__("G2", "oui")),
            "innovation",
            "ce fichier est déposé pour l'innovation « ALPHA »",
        ),
        (lambda s: s.__setitem__("H2", "sans niveau"), "niveau", "cellule vide"),
    ],
)
def test_bad_cells_are_named_by_file_row_and_column(client, grid, personas, edit, column, message):
    client.force_login(personas["team"])
    book = workbook(client)
    sheet = book["Notes"]
    sheet.protection.sheet = False
    edit(sheet)
    sheet["G3"] = "oui"  # a good row beside it: nothing is written either
    out = io.BytesIO()
    book.save(out)
    response = upload(client, out.getvalue(), name="rempli.xlsx")
    errors = response.context["upload"].errors
    assert [(e.file, e.row, e.column) for e in errors] == [("rempli.xlsx", 2, column)], errors
    assert message in errors[0].message
    assert response.context["token"] is None
    assert Observation.objects.count() == 0


def test_a_member_cannot_send_another_structures_rows(client, grid, personas):
    client.force_login(personas["team"])
    content = fill(workbook(client), {("Autre structure", "info"): "oui"})
    client.force_login(personas["member"])
    errors = upload(client, content).context["upload"].errors
    assert [(e.row, e.column) for e in errors] == [(2, "structure")]
    assert "vous ne pouvez déposer que les notes de votre structure (Structure membre)" in errors[0].message
    assert Observation.objects.count() == 0


def test_a_blank_row_never_erases_a_rating(client, grid, personas):
    rate(grid, grid.world.own, 1, ["oui", None, None])
    client.force_login(personas["team"])
    content = fill(workbook(client), {("Structure membre", "info"): "", ("Structure membre", "plan"): "oui"})
    errors = upload(client, content).context["upload"].errors
    assert [(e.column, e.message) for e in errors] == [
        (
            "niveau",
            "une note est déjà enregistrée (oui) : une case vide ne l'efface pas ; choisissez « non renseigné » si "
            "le niveau n'est pas connu, ou remettez-la.",
        )
    ]
    assert stored() == {("Structure membre", "info"): "oui"}


def test_a_change_shows_before_and_after(client, grid, personas):
    rate(grid, grid.world.own, 1, ["en cours", None, None])
    client.force_login(personas["team"])
    content = fill(workbook(client), {("Structure membre", "info"): "oui"})
    response = upload(client, content)
    assert response.context["n_updated"] == 1 and response.context["n_unchanged"] == 0
    change = response.context["changes"][0]
    assert (change["structure"], change["before"], change["after"]) == ("Structure membre", "en cours", "oui")


def test_a_file_of_another_kind_is_refused(client, grid, personas):
    client.force_login(personas["team"])
    response = upload(client, b"not a workbook", name="notes.ods")
    assert response.status_code == 400
    assert "Format « .ods » non pris en charge" in response.content.decode()
    response = upload(client, b"PK\x03\x04 broken", name="notes.xlsx")
    assert "n'est pas un classeur Excel lisible" in response.context["upload"].errors[0].message


@pytest.mark.parametrize("role", ["innovator", "funder"])
def test_readers_get_no_template(client, grid, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("grids:template", args=["ALPHA"])).status_code == 403
