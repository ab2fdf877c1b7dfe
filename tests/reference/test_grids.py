# ruff: noqa: E501 (the seed tables are copied verbatim, one table row per line)
"""The embedded evaluation of the reference dataset (data/grids.toml): the VITA Air and LREF grids
exactly as in the 2019 consolidated evaluation (003), the eleven phase reports, idempotence and
errors that say where they are."""

import csv
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.reference.loader import GRIDS_FILE, ReferenceDataError

# The two tables of seed 003, copied as they are in the document (items as rows, structures as
# columns, tab-separated).
VITA_SEED = """\
Etat des lieux COMPAIR et démarche VITA	MSSV Defi	ICARE	NEO 56	IPSO	Initiative emploi 92	Abeilles
Installation de COMPAIR	Positif	Négatif	Négatif	Négatif	Négatif	Négatif
Usage du logiciel COMPAIR	Positif	Négatif	Négatif	Négatif	Négatif	Négatif
Appréciation du logiciel COMPAIR	Positif	Négatif	Négatif	Négatif	Négatif	Négatif
Mise en œuvre de la démarche VITA / dimension diagnostic de poste et prospection	Positif	Positif	Positif	Positif	Négatif	Positif
Mise en œuvre de la démarche VITA / dimension déclinaison des compétences	Positif	Partiellement	Négatif	Négatif	Négatif	Positif
Intérêt et pertinence reconnue pour la démarche globale	Positif	Positif	Positif	Positif	Partiellement	Positif
"""
LREF_SEED = """\
Structures	1	2	3	4	5	6	7	8	9
Information interne	oui	oui	oui	oui	oui	oui	oui	oui	oui
Elaboration d'un plan d'action	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Mobilisation et adhésion des équipes	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Recueil des besoins et des ressources	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Identification/élaboration de l'offre de service	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Identification des moyens à dédier/pilote projet	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Détermination du Lieu	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Construction du modèle économique	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Information des partenaires / concertation	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
Ouverture du Lieu Ressources	oui	en cours	en cours	en cours	en cours	en cours	en cours	en cours	en cours
"""
# The seed numbers the LREF structures 1 to 9; docs/grids.md and grids.toml say which is which.
LREF_COLUMNS = {
    "1": "Fondation de Nice",
    "2": "ADEFO",
    "3": "La Sasson",
    **{str(n): f"Structure LREF n°{n} (non nommée dans les sources)" for n in range(4, 10)},
}


def seed_table(text, names=None):
    """(item labels in order, {structure name: [levels in item order]}) of a seed table."""
    rows = [line.split("\t") for line in text.splitlines()]
    structures = [(names or {}).get(s, s) for s in rows[0][1:]]
    items = [row[0] for row in rows[1:]]
    return items, {name: [row[1 + i] for row in rows[1:]] for i, name in enumerate(structures)}


def exported(code, *args):
    out = io.StringIO()
    call_command("export_grid", code, *args, "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    return rows[0], {row[0]: row[1:] for row in rows[1:]}, [row[0] for row in rows[1:]]


@pytest.fixture
def loaded(db):
    load_reference_data()


def test_export_grid_vita_air_reproduces_the_seed_table(loaded):
    items, table = seed_table(VITA_SEED)
    header, rows, order = exported("VITA-AIR")
    assert header == ["structure", *items]
    assert rows == table  # cell for cell, the six structures and nothing else
    assert order == sorted(order, key=str.casefold)  # rows by structure name


def test_export_grid_lref_reproduces_the_seed_table(loaded):
    items, table = seed_table(LREF_SEED, LREF_COLUMNS)
    header, rows, _ = exported("LREF")
    assert header == ["structure", *items]
    assert rows == table


def test_the_grids_are_in_the_phases_the_documents_describe(loaded):
    assert set(Observation.objects.filter(item__grid__innovation__code="VITA-AIR").values_list("phase", flat=True)) == {
        3
    }
    assert set(Observation.objects.filter(item__grid__innovation__code="LREF").values_list("phase", flat=True)) == {1}
    header, rows, _ = exported("VITA-AIR", "--phase", "2")
    # In May 2017 the seventh SIAE had not left yet: seven structures expected, none rated.
    assert set(rows) == set(exported("VITA-AIR")[1]) | {"SIAE VITA Air n°7 (non nommée dans les sources)"}
    assert all(cell == "" for cells in rows.values() for cell in cells)
    assert Grid.objects.get(innovation__code="VITA-AIR").scale.code == "positif-partiel-negatif"
    assert Grid.objects.get(innovation__code="LREF").scale.code == "oui-en-cours-non"


def test_eleven_phase_reports_five_four_two(loaded):
    delivered = EvaluationPhase.objects.filter(status="delivered")
    assert delivered.count() == 11
    assert [delivered.filter(number=n).count() for n in (1, 2, 3)] == [5, 4, 2]
    assert not EvaluationPhase.objects.filter(source__isnull=True).exists()


def test_findings_keep_their_source_and_the_structure_they_name(loaded):
    assert Finding.objects.count() >= 10
    assert not Finding.objects.filter(source__isnull=True).exists()
    nice = Finding.objects.get(key="lref-nice-dynamique")
    assert nice.structure.name == "Fondation de Nice" and nice.phase == 1


def test_loading_twice_changes_nothing(loaded):
    before = (
        list(Observation.objects.values_list("pk", "level_id", "comment")),
        Observation.history.count(),
        GridItem.history.count(),
        EvaluationPhase.history.count(),
        Finding.history.count(),
    )
    report = load_reference_data()
    assert {outcome for _, outcome in report} == {"inchangé"}
    after = (
        list(Observation.objects.values_list("pk", "level_id", "comment")),
        Observation.history.count(),
        GridItem.history.count(),
        EvaluationPhase.history.count(),
        Finding.history.count(),
    )
    assert after == before


def broken_copy(tmp_path, old, new):
    path = tmp_path / "grids.toml"
    shutil.copy(GRIDS_FILE, path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    "old, new, where, message",
    [
        (
            'structure = "icare"\nlevels = ["Négatif"',
            'structure = "icare"\nlevels = ["Bof"',
            "[[observations]] n°2 (VITA-AIR · icare · phase 3)",
            "champ levels : niveau « Bof » (n°1) absent de l'échelle",
        ),
        (
            'structure = "icare"',
            'structure = "fondation-de-nice"',
            "[[observations]] n°2",
            "champ structure : « fondation-de-nice » n'a pas adopté l'innovation « VITA-AIR »",
        ),
        (
            'phase = 3\nstructure = "mssv-defi"',
            'phase = 4\nstructure = "mssv-defi"',
            "[[observations]] n°1",
            "champ phase",
        ),
        (
            'levels = ["Positif", "Positif", "Positif", "Positif", "Positif", "Positif"]',
            'levels = ["Positif", "Positif"]',
            "[[observations]] n°1",
            "champ levels : 6 niveaux attendus",
        ),
        ('scale = "oui-en-cours-non"', 'scale = "oui-non"', "[[grids]] n°2 (LREF)", "champ scale : échelle inconnue"),
        ('planned_on = "2016-11-01"', 'planned_on = "2016-11-31"', "[[phases]] n°1", "champ planned_on : date"),
    ],
)
def test_bad_input_names_file_entry_and_field_and_writes_nothing(db, tmp_path, old, new, where, message):
    path = broken_copy(tmp_path, old, new)
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(grids_path=path)
    text = str(error.value)
    assert text.startswith("grids.toml, ")
    assert where in text and message in text, text
    assert Innovation.objects.count() == 0  # the programme itself was rolled back too
    assert Observation.objects.count() == Grid.objects.count() == 0


def test_the_command_can_leave_the_grids_out(db):
    call_command("load_reference_data", grids="-", stdout=io.StringIO())
    assert Innovation.objects.count() == 10 and Grid.objects.count() == 0


def test_export_grid_says_what_is_wrong(loaded):
    with pytest.raises(CommandError, match="Innovation inconnue « NOPE »"):
        call_command("export_grid", "NOPE")
    with pytest.raises(CommandError, match="« TAPAJ » n'a pas de grille"):
        call_command("export_grid", "TAPAJ")
    with pytest.raises(CommandError, match="Phase « 4 » hors de la plage"):
        call_command("export_grid", "LREF", "--phase", "4")
