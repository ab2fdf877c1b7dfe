"""Programmes from the command line: create_programme, then the bundle and report commands with
--programme. The same bundle gives the same table in every programme it goes into, and a
command that needs a programme stops with the list when several exist and none is named."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from essaim.innovations.models import Innovation
from essaim.programmes import scope
from essaim.programmes.models import Programme
from tests.bundle.helpers import write_bundle
from tests.factories import UserFactory

AS_OF = "2019-01-01"


def command(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def table(*options):
    return json.loads(command("consolidated_table", "--as-of", AS_OF, *options))


@pytest.fixture
def bundle(tmp_path):
    (tmp_path / "paquet").mkdir()
    return write_bundle(tmp_path / "paquet")


@pytest.fixture
def single(bundle, db):
    """A single-programme installation: the bundle imported with no programme named."""
    out = command("import_bundle", str(bundle))
    assert "Programme PROGRAMME (Programme)" in out
    return table()


def test_create_programme_with_its_members(db):
    user = UserFactory(email="coordination@occitanie.example", programmes=[])
    out = command("create_programme", "OCC", "Accélérateur Occitanie", "--operator", "Région", "--member", user.email)
    assert "Programme « OCC » créé" in out
    programme = Programme.objects.get(code="OCC")
    assert programme.operator == "Région"
    assert [(m.user, m.role) for m in programme.memberships.all()] == [(user, "programme_team")]
    with pytest.raises(CommandError, match="existe déjà"):
        command("create_programme", "OCC", "Autre")
    with pytest.raises(CommandError, match="majuscules"):
        command("create_programme", "occ", "Minuscules")
    with pytest.raises(CommandError, match="Aucun compte"):
        command("create_programme", "CRF", "Croix-Rouge", "--member", "personne@example.org")


def test_the_same_bundle_gives_the_same_table_in_each_programme(bundle, single):
    assert single["rows"], "the single-programme table has rows"
    command("create_programme", "OCC", "Accélérateur Occitanie")
    out = command("import_bundle", str(bundle), "--programme", "OCC")
    assert "Programme OCC (Accélérateur Occitanie)" in out and "Paquet importé." in out
    assert table("--programme", "OCC") == single
    assert table("--programme", "PROGRAMME") == single  # the first programme's table is untouched
    command("create_programme", "CRF", "Accélérateur Croix-Rouge")
    command("import_bundle", str(bundle), "--programme", "CRF")
    assert table("--programme", "CRF") == single
    with scope.unscoped():
        assert sorted(Innovation.objects.values_list("programme__code", "code")) == [
            ("CRF", "ALPHA"),
            ("OCC", "ALPHA"),
            ("PROGRAMME", "ALPHA"),
        ]


def test_several_programmes_and_none_named(bundle, single, tmp_path):
    command("create_programme", "OCC", "Accélérateur Occitanie")
    listing = r"Programmes : OCC \(Accélérateur Occitanie\), PROGRAMME \(Programme\)"
    with pytest.raises(CommandError, match=listing):
        table()
    with pytest.raises(CommandError, match=listing):
        command("export_bundle", str(tmp_path / "export"))
    with pytest.raises(CommandError, match="précisez lequel avec --programme"):
        command("import_bundle", str(bundle))
    with pytest.raises(CommandError, match="Le programme « NORD » n'existe pas"):
        table("--programme", "NORD")


def test_an_innovation_code_unique_across_programmes_names_its_programme(bundle, single, tmp_path):
    command("create_programme", "OCC", "Accélérateur Occitanie")
    out = tmp_path / "alpha.xlsx"
    command("render_report", "innovation", "ALPHA", "--as-of", AS_OF, "--format", "xlsx", "--output", str(out))
    assert out.stat().st_size > 0
    command("import_bundle", str(bundle), "--programme", "OCC")
    with pytest.raises(CommandError, match="existe dans plusieurs programmes"):
        command("render_report", "innovation", "ALPHA", "--as-of", AS_OF, "--format", "xlsx", "--output", str(out))
    command(
        "render_report",
        "innovation",
        "ALPHA",
        "--programme",
        "OCC",
        "--as-of",
        AS_OF,
        "--format",
        "xlsx",
        "--output",
        str(out),
    )


def test_a_bundle_carries_its_programme(bundle, tmp_path, db):
    (bundle / "programme.csv").write_text("code,name\nOCC,Accélérateur Occitanie\n")
    command("import_bundle", str(bundle), "--dry-run")
    assert not Programme.objects.exists()  # a dry run creates nothing, not even the programme
    command("import_bundle", str(bundle))
    assert list(Programme.objects.values_list("code", "name")) == [("OCC", "Accélérateur Occitanie")]
    command("export_bundle", str(tmp_path / "export"))
    assert (tmp_path / "export" / "programme.csv").read_text() == "code,name\nOCC,Accélérateur Occitanie\n"
    for name in ("innovations.csv", "values.csv"):
        exported, imported = ((folder / name).read_text().splitlines() for folder in (tmp_path / "export", bundle))
        assert sorted(exported) == sorted(imported), name


def test_a_broken_programme_file_is_named(bundle, db):
    (bundle / "programme.csv").write_text("code,name\n,Sans code\n")
    err = StringIO()
    with pytest.raises(CommandError, match="Rien n'a été importé : 1 erreur"):
        call_command("import_bundle", str(bundle), stdout=StringIO(), stderr=err)
    assert "programme.csv, ligne 2, colonne « code » : le code du programme est vide." in err.getvalue()
    assert not Programme.objects.exists()
