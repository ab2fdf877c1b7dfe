"""Round trip of the figures template: download → fill → upload; and uploads that go wrong."""

import datetime
import zipfile

import openpyxl
import pytest

from essaim.evaluation.enums import ValidationState, ValueKind
from essaim.evaluation.figure_upload import import_file
from essaim.evaluation.models import Value
from essaim.evaluation.rules import Violation
from essaim.imports.plan import Outcome
from tests.bundle.helpers import counts
from tests.evaluation.helpers import put
from tests.evaluation.template_helpers import COMMENT, PERIOD, VALUE, data_rows, download, fill, key, saved, stored

pytestmark = pytest.mark.usefixtures("upload_dir", "values_path")
NAME = "chiffres-ALPHA-2019-03-31.xlsx"


@pytest.fixture
def team(client, personas):
    client.force_login(personas["team"])
    return client


@pytest.fixture
def codes(world):
    """The stable identifiers the template gives the two structures."""
    return key(world.own.structure), key(world.other.structure)


def upload(path, world, user, *, dry_run=False, name=NAME):
    return import_file(path, name, world.innovation, user, dry_run=dry_run)


def located(result):
    return [(e.file, e.row, e.column, e.message) for e in result.errors]


def test_round_trip(team, world, personas, tmp_path):
    workbook = download(team)
    own, other = key(world.own.structure), key(world.other.structure)
    fill(
        workbook,
        {
            (own, "people_reached"): 36,
            (own, "returns_to_employment"): "nc",
            (own, "professionals_involved"): ("NE", "pas évalué en phase 1"),
            (other, "people_reached"): 12.0,  # a whole number typed as a decimal one
            (other, "companies_involved"): 0,
            ("", "structures_reached"): 2,
        },
    )
    path = saved(workbook, tmp_path / "rempli.xlsx")
    check = upload(path, world, personas["team"], dry_run=True)
    assert check.errors == []
    assert check.counts[Outcome.NEW] == 6 and check.skipped == 3
    assert Value.objects.count() == 0  # a dry run writes nothing

    done = upload(path, world, personas["team"])
    assert done.errors == [] and done.result.written
    assert stored(world.innovation) == {
        (own, "people_reached"): "36",
        (own, "returns_to_employment"): "nc",
        (own, "professionals_involved"): "ne",
        (other, "people_reached"): "12",
        (other, "companies_involved"): "0",
        ("", "structures_reached"): "2",
    }
    value = Value.objects.get(structure=world.own.structure, indicator__code="professionals_involved")
    assert (value.kind, value.number, value.comment) == (ValueKind.NE, None, "pas évalué en phase 1")
    assert value.entered_by == personas["team"] and value.state == ValidationState.ENTERED
    assert not value.history.exists()  # its history begins at its first change

    # Downloaded again, the template holds what was stored; uploaded again, it changes nothing.
    again = download(team)
    rows = data_rows(again)
    assert again["Chiffres"].cell(row=rows[(own, "returns_to_employment")], column=VALUE).value == "nc"
    assert again["Chiffres"].cell(row=rows[(other, "companies_involved")], column=VALUE).value == 0
    before = counts()
    for source in (path, saved(again, tmp_path / "retour.xlsx")):
        repeat = upload(source, world, personas["team"])
        assert repeat.errors == [] and not repeat.changed
        assert repeat.counts[Outcome.UNCHANGED] == 6
    assert counts() == before


def test_a_changed_value_goes_back_to_entered_and_the_rules_run(team, world, personas, tmp_path):
    own = world.own.structure
    value = put(world.innovation, "people_reached", 36, structure=own, end=PERIOD)
    value.state, value.validated_by = ValidationState.VALIDATED, personas["evaluator"]
    value.save()
    workbook = fill(download(team), {(key(own), "people_reached"): 30, (key(own), "returns_to_employment"): 40})
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["evaluator"])
    assert result.counts[Outcome.UPDATED] == 1 and result.counts[Outcome.NEW] == 1
    value.refresh_from_db()
    assert (value.number, value.state, value.validated_by) == (30, ValidationState.ENTERED, None)
    assert value.entered_by == personas["evaluator"]
    # 40 back in work out of 30 people: the validation rules ran after the import.
    assert Violation.objects.filter(value__structure=own).exists()
    assert result.checks is not None and result.checks.open


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (12.5, "« 12.5 » est décimal : un effectif est un nombre entier."),
        ("12,5", "« 12,5 » est décimal : un effectif est un nombre entier."),
        (-3, "« -3 » est négatif : un effectif ne peut pas l'être."),
        ("beaucoup", "« beaucoup » n'est ni un nombre entier, ni « nc », ni « ne »."),
        (True, "« VRAI » n'est ni un nombre entier, ni « nc », ni « ne »."),
        (datetime.datetime(2019, 2, 1), "« 2019-02-01 » n'est ni un nombre entier, ni « nc », ni « ne »."),
    ],
)
def test_a_bad_value_is_an_error_on_its_row_and_nothing_is_written(
    team, world, personas, tmp_path, codes, typed, message
):
    own, other = codes
    workbook = fill(download(team), {(own, "people_reached"): 36, (other, "people_reached"): typed})
    row = data_rows(workbook)[(other, "people_reached")]
    before = counts()
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    assert located(result) == [(NAME, row, "valeur", message)]
    assert not result.result.written and counts() == before


def test_unknown_indicator_and_another_innovation(team, world, personas, tmp_path, codes):
    own, _ = codes
    workbook = fill(download(team), {(own, "people_reached"): 36, (own, "returns_to_employment"): 4})
    sheet, rows = workbook["Chiffres"], data_rows(workbook)
    sheet.cell(row=rows[(own, "people_reached")], column=4, value="repas_servis")
    sheet.cell(row=rows[(own, "returns_to_employment")], column=1, value="BETA")
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    assert located(result) == [
        (NAME, rows[(own, "people_reached")], "indicateur", "indicateur inconnu « repas_servis »"),
        (
            NAME,
            rows[(own, "returns_to_employment")],
            "innovation",
            "ce fichier est déposé pour l'innovation « ALPHA » : cette ligne concerne « BETA ».",
        ),
    ]
    assert Value.objects.count() == 0


def test_a_structure_member_may_send_only_its_own_rows(client, world, personas, tmp_path, codes):
    own, other = codes
    team_workbook = fill(
        download_as(client, personas["team"]),
        {(own, "people_reached"): 36, (other, "people_reached"): 12, ("", "structures_reached"): 2},
    )
    rows = data_rows(team_workbook)
    result = upload(saved(team_workbook, tmp_path / "f.xlsx"), world, personas["member"])
    refused = "vous ne pouvez déposer que les chiffres de votre structure (Structure membre)"
    assert located(result) == [
        (NAME, rows[(other, "people_reached")], "structure", f"{refused} : « {other} » n'en est pas une."),
        (
            NAME,
            rows[("", "structures_reached")],
            "structure",
            "les chiffres de l'innovation dans son ensemble (colonne « structure » vide) sont déclarés par "
            "l'équipe du programme ou les évaluateurs : indiquez le code de votre structure.",
        ),
    ]
    assert Value.objects.count() == 0
    # The same file with its own row only goes through.
    own_only = fill(download_as(client, personas["member"]), {(own, "people_reached"): 36})
    assert upload(saved(own_only, tmp_path / "g.xlsx"), world, personas["member"]).errors == []
    assert stored(world.innovation) == {(own, "people_reached"): "36"}


def download_as(client, user):
    client.force_login(user)
    return download(client)


def test_formula_text_in_a_comment_stays_text(team, world, personas, tmp_path, codes):
    own, _ = codes
    workbook = fill(download(team), {(own, "people_reached"): (36, "=1+1")})
    assert upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"]).errors == []
    assert Value.objects.get().comment == "=1+1"
    again = download(team)
    cell = again["Chiffres"].cell(row=data_rows(again)[(own, "people_reached")], column=COMMENT)
    assert (cell.value, cell.data_type) == ("'=1+1", "s")
    result = upload(saved(again, tmp_path / "g.xlsx"), world, personas["team"])
    assert result.errors == [] and not result.changed


def test_emptying_a_stored_value_is_an_error(team, world, personas, tmp_path, codes):
    own, _ = codes
    put(world.innovation, "people_reached", 36, structure=world.own.structure, end=PERIOD)
    workbook = download(team)
    row = data_rows(workbook)[(own, "people_reached")]
    workbook["Chiffres"].cell(row=row, column=VALUE).value = None
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    assert located(result) == [
        (
            NAME,
            row,
            "valeur",
            "une valeur est déjà enregistrée (36) : une case vide ne l'efface pas ; indiquez « nc » si elle "
            "n'est pas communiquée, ou remettez-la.",
        )
    ]


def test_a_comment_without_a_value(team, world, personas, tmp_path, codes):
    own, _ = codes
    workbook = fill(download(team), {(own, "people_reached"): (None, "à venir")})
    row = data_rows(workbook)[(own, "people_reached")]
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    assert located(result) == [(NAME, row, "valeur", "Valeur vide : indiquez un nombre, « nc » ou « ne ».")]


def test_dates_typed_as_dates_are_read(team, world, personas, tmp_path, codes):
    own, _ = codes
    workbook = fill(download(team), {(own, "people_reached"): 36})
    row = data_rows(workbook)[(own, "people_reached")]
    workbook["Chiffres"].cell(row=row, column=6, value=datetime.date(2019, 1, 1))
    workbook["Chiffres"].cell(row=row, column=7, value=datetime.datetime(2019, 3, 31))
    assert upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"]).errors == []
    assert Value.objects.get().period_start == datetime.date(2019, 1, 1)


def test_an_unknown_column_is_named(team, world, personas, tmp_path, codes):
    workbook = fill(download(team), {(codes[0], "people_reached"): 36})
    workbook["Chiffres"].cell(row=1, column=10, value="Couleur")
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    ((file, row, column, message),) = located(result)
    assert (file, row, column) == (NAME, 1, "couleur")
    assert message.startswith(
        "colonne inconnue (colonnes possibles : innovation, structure, indicateur, début de période, "
        "fin de période, valeur"
    )


def test_a_template_with_the_former_english_headers_still_imports(world, personas, tmp_path, codes):
    """Templates downloaded before the headers were French name the columns as values.csv does."""
    own, _ = codes
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chiffres"
    sheet.append(["innovation", "structure", "structure_name", "indicator", "period_end", "value", "comment"])
    sheet.append(["ALPHA", own, "Structure membre", "people_reached", "2019-03-31", 36, "relevé"])
    sheet.append(["ALPHA", own, "Structure membre", "returns_to_employment", "2019-03-31", "beaucoup", None])
    result = upload(saved(workbook, tmp_path / "ancien.xlsx"), world, personas["team"])
    assert [(e.row, e.column) for e in result.errors] == [(3, "value")]  # named as the file names it
    sheet.delete_rows(3)
    result = upload(saved(workbook, tmp_path / "ancien.xlsx"), world, personas["team"])
    assert result.errors == [] and stored(world.innovation) == {(own, "people_reached"): "36"}


def test_headers_are_read_whatever_their_case_accents_and_underscores(world, personas, tmp_path, codes):
    own, _ = codes
    workbook = openpyxl.Workbook()
    workbook.active.append(["Innovation", "STRUCTURE", "Indicateur", "Fin_de_periode", "Valeur"])
    workbook.active.append(["ALPHA", own, "people_reached", "2019-03-31", 36])
    result = upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"])
    assert result.errors == [] and stored(world.innovation) == {(own, "people_reached"): "36"}


def test_the_sheet_is_found_by_its_name(team, world, personas, tmp_path, codes):
    workbook = fill(download(team), {(codes[0], "people_reached"): 36})
    workbook.move_sheet("Mode d'emploi", offset=-1)
    assert workbook.sheetnames[0] == "Mode d'emploi"
    assert upload(saved(workbook, tmp_path / "f.xlsx"), world, personas["team"]).errors == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"innovation,structure\nALPHA,x\n", "ce fichier n'est pas un classeur Excel lisible"),
        (b"", "ce fichier n'est pas un classeur Excel lisible"),
        ("zip", "ce fichier n'est pas un classeur Excel lisible"),
    ],
)
def test_a_file_that_is_not_a_workbook(world, personas, tmp_path, content, message):
    path = tmp_path / "faux.xlsx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("bonjour.txt", "pas un classeur")
    else:
        path.write_bytes(content)
    result = upload(path, world, personas["team"], name="faux.xlsx")
    ((file, row, column, text),) = located(result)
    assert (file, row, column) == ("faux.xlsx", None, None)
    assert text.startswith(message) and "« Classeur Excel (.xlsx) »" in text
    assert Value.objects.count() == 0


def test_an_empty_workbook(world, personas, tmp_path):
    path = tmp_path / "vide.xlsx"
    openpyxl.Workbook().save(path)
    result = upload(path, world, personas["team"], name="vide.xlsx")
    assert located(result) == [("vide.xlsx", None, None, "fichier vide : il faut au moins la ligne d'en-tête.")]


def test_a_header_only_workbook_changes_nothing(world, personas, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["innovation", "structure", "indicator", "period_end", "value"])
    result = upload(saved(workbook, tmp_path / "h.xlsx"), world, personas["team"])
    assert result.errors == [] and not result.changed


def test_the_csv_template_round_trip(team, world, personas, tmp_path, codes):
    own, other = codes
    text = team.get(f"/evaluation/tableur/ALPHA/modele/?periode={PERIOD}&format=csv").content.decode()
    lines = text.splitlines()
    filled = []
    for line in lines:
        if line.startswith(f"ALPHA,{own},Structure membre,people_reached,"):
            line = line.replace(",2019-03-31,,", ",2019-03-31,36,")
        if line.startswith(f"ALPHA,{other},Autre structure,returns_to_employment,"):
            line = line.replace(",2019-03-31,,", ",2019-03-31,nc,")
        filled.append(line)
    path = tmp_path / "chiffres.csv"
    path.write_text("\r\n".join(filled).replace(",", ";"), encoding="cp1252")  # as French Excel saves it
    result = upload(path, world, personas["team"], name="chiffres.csv")
    assert result.errors == [] and result.counts[Outcome.NEW] == 2
    assert stored(world.innovation) == {(own, "people_reached"): "36", (other, "returns_to_employment"): "nc"}
