"""The figures template: rows, locked cells, validation hint, pre-filled values, the guide."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.evaluation.figure_template import HEADER, WHOLE_INNOVATION, as_csv, headers, template_rows
from essaim.evaluation.values_csv import HEADER as VALUES_HEADER
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.evaluation.helpers import put
from tests.evaluation.template_helpers import COMMENT, PERIOD, VALUE, data_rows, download, key, template_url
from tests.factories import AdoptionFactory, StructureFactory

pytestmark = pytest.mark.usefixtures("upload_dir")
PER_STRUCTURE = ["people_reached", "returns_to_employment", "professionals_involved", "companies_involved"]


@pytest.fixture
def team_client(client, personas):
    client.force_login(personas["team"])
    return client


def test_the_template_mirrors_values_csv():
    assert set(VALUES_HEADER) - {"source"} <= set(HEADER)  # the source stays as it is saved
    assert HEADER[-2:] == ["value", "comment"]


def test_one_row_per_expected_structure_and_indicator_then_the_innovation(team_client, world):
    workbook = download(team_client)
    assert workbook.sheetnames == ["Chiffres", "Mode d'emploi"]
    sheet = workbook["Chiffres"]
    assert (
        [c.value for c in sheet[1]]
        == headers()
        == [
            "innovation",
            "structure",
            "nom de la structure",
            "indicateur",
            "libellé de l'indicateur",
            "début de période",
            "fin de période",
            "valeur",
            "commentaire",
        ]
    )
    own, other = key(world.own.structure), key(world.other.structure)
    assert own and other
    expected = {(code, i) for code in (own, other) for i in PER_STRUCTURE} | {("", "structures_reached")}
    assert set(data_rows(workbook)) == expected
    assert sheet.max_row == 1 + len(expected)
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[:5] == ["ALPHA", None, WHOLE_INNOVATION, "structures_reached", "Structures essaimées"]
    first = [c.value for c in sheet[2]]
    assert first[0] == "ALPHA" and first[6] == "2019-03-31" and first[VALUE - 1] is None


def test_only_expected_structures(team_client, world):
    """Candidates, abandoned structures and adoptions begun after the period end are left out."""
    AdoptionFactory(innovation=world.innovation, structure=StructureFactory(name="Candidate"))
    gone = AdoptionFactory(innovation=world.innovation, structure=StructureFactory(name="Partie"))
    record(StatusChange, gone, AdoptionStatus.SELECTED, datetime.date(2016, 6, 1))
    record(StatusChange, gone, AdoptionStatus.ABANDONED, datetime.date(2017, 1, 1))
    late = AdoptionFactory(
        innovation=world.innovation, structure=StructureFactory(name="Tardive"), since=datetime.date(2019, 6, 1)
    )
    record(StatusChange, late, AdoptionStatus.SELECTED, datetime.date(2019, 6, 1))
    names = {row.structure.name for row in template_rows(world.innovation, PERIOD) if row.structure}
    assert names == {"Structure membre", "Autre structure"}
    later = {r.structure.name for r in template_rows(world.innovation, datetime.date(2019, 12, 31)) if r.structure}
    assert later == {"Structure membre", "Autre structure", "Tardive"}


def test_identifier_cells_are_locked_value_and_comment_are_not(team_client, world):
    sheet = download(team_client)["Chiffres"]
    assert sheet.protection.sheet
    assert sheet.freeze_panes == "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.protection.locked == (cell.column not in (VALUE, COMMENT)), cell.coordinate
    assert all(c.protection.locked for c in sheet[1])
    assert sheet.column_dimensions["C"].width >= 30 and sheet.column_dimensions["I"].width >= 40


def test_the_value_cells_carry_a_validation_and_a_hint(team_client, world):
    sheet = download(team_client)["Chiffres"]
    (check,) = sheet.data_validations.dataValidation
    assert check.type == "custom"
    assert str(check.sqref) == f"H2:H{sheet.max_row}"
    assert "ISNUMBER(H2)" in check.formula1 and '"nc"' in check.formula1 and '"ne"' in check.formula1
    assert check.errorStyle == "stop" and check.allow_blank
    assert "nc (non communiqué)" in check.prompt and "Jamais 0" in check.prompt


def test_existing_values_are_pre_filled_nc_stays_nc(team_client, world):
    own = world.own.structure
    put(world.innovation, "people_reached", 36, structure=own, end=PERIOD)
    put(world.innovation, "returns_to_employment", "nc", structure=own, end=PERIOD)
    put(world.innovation, "professionals_involved", 0, structure=own, end=PERIOD)
    put(world.innovation, "companies_involved", "ne", structure=own, end=PERIOD)
    put(world.innovation, "people_reached", 99, structure=own, end=datetime.date(2018, 12, 31))  # another period
    workbook = download(team_client)
    sheet, rows = workbook["Chiffres"], data_rows(workbook)
    code = key(own)

    def value(indicator):
        return sheet.cell(row=rows[(code, indicator)], column=VALUE)

    assert value("people_reached").value == 36 and value("people_reached").data_type == "n"
    assert value("returns_to_employment").value == "nc" and value("returns_to_employment").data_type == "s"
    assert value("professionals_involved").value == 0
    assert value("companies_involved").value == "ne"
    assert sheet.cell(row=rows[(key(world.other.structure), "people_reached")], column=VALUE).value is None


def test_text_that_a_spreadsheet_would_run_is_neutralised(team_client, world):
    own = world.own.structure
    own.name = '=HYPERLINK("http://exemple.invalid")'
    own.save()
    value = put(world.innovation, "people_reached", 36, structure=own, end=PERIOD)
    value.comment = "=1+1"
    value.save()
    workbook = download(team_client)
    sheet, rows = workbook["Chiffres"], data_rows(workbook)
    row = rows[(key(own), "people_reached")]
    assert sheet.cell(row=row, column=3).value == '\'=HYPERLINK("http://exemple.invalid")'
    assert sheet.cell(row=row, column=COMMENT).value == "'=1+1"
    assert {c.data_type for c in sheet[row]} <= {"s", "n"}  # no formula anywhere


def test_a_structure_member_gets_only_its_structure_rows(client, world, personas):
    client.force_login(personas["member"])
    workbook = download(client)
    assert set(data_rows(workbook)) == {(key(world.own.structure), i) for i in PER_STRUCTURE}


def test_innovation_wide_rows_for_indicators_already_reported_that_way(team_client, world):
    put(world.innovation, "people_reached", 120, end=PERIOD)
    workbook = download(team_client)
    rows = data_rows(workbook)
    assert ("", "people_reached") in rows and ("", "returns_to_employment") not in rows
    assert workbook["Chiffres"].cell(row=rows[("", "people_reached")], column=VALUE).value == 120


def test_the_guide_explains_nc_ne_and_never_zero(team_client, world):
    guide = "\n".join(str(c.value) for c in download(team_client)["Mode d'emploi"]["A"] if c.value)
    assert "nc : non communiqué" in guide and "ne : non évalué" in guide
    assert "Jamais 0 pour un chiffre inconnu" in guide
    assert "Déposer un fichier rempli" in guide
    assert "/evaluation/tableur/ALPHA/?periode=2019-03-31" in guide


def test_the_csv_template(team_client, world):
    put(world.innovation, "returns_to_employment", "nc", structure=world.own.structure, end=PERIOD)
    response = team_client.get(template_url(format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-ALPHA-2019-03-31.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0] == ",".join(headers())
    own = key(world.own.structure)
    assert f"ALPHA,{own},Structure membre,returns_to_employment,DELD revenus à l'emploi,,2019-03-31,nc," in lines
    assert lines == as_csv(world.innovation, PERIOD, template_rows(world.innovation, PERIOD)).splitlines()


def test_xlsx_response_headers(team_client, world):
    response = team_client.get(template_url())
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-ALPHA-2019-03-31.xlsx"'


def test_unknown_format_and_bad_period(team_client, world):
    assert team_client.get(template_url(format="ods")).status_code == 400
    url = reverse("evaluation:figures_template", args=["ALPHA"]) + "?periode=2019-02-30"
    response = team_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluation:figures_upload", args=["ALPHA"])
    assert "La date « 2019-02-30 » n&#x27;est pas valide" in response.content.decode()
