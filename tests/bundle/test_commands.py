"""manage.py import_bundle DIR [--dry-run] and manage.py export_bundle DIR."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from essaim.organizations.models import Structure
from tests.bundle.helpers import counts, write_bundle
from tests.factories import StructureFactory


def command(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_import_then_nothing_to_do(bundle, before):
    out, _ = command("import_bundle", str(bundle), "--dry-run", "-v", "2")
    assert "structures.csv (UTF-8) : 3 nouveaux, 0 modifié, 0 inchangé" in out
    assert "values.csv, ligne 2 : ALPHA · aci-grenoble · people_reached · 2018-12-31 — nouveau" in out
    assert "Essai à blanc : aucune erreur, rien n'a été écrit." in out
    assert counts() == before
    out, _ = command("import_bundle", str(bundle))
    assert "Paquet importé." in out
    out, _ = command("import_bundle", str(bundle))
    assert "adoptions.csv (UTF-8) : 0 nouveau, 0 modifié, 2 inchangés" in out
    assert "Paquet déjà à jour : rien à changer." in out


def test_errors_are_listed_and_nothing_is_imported(bundle, before):
    write_bundle(bundle, values=(bundle / "values.csv").read_text().replace(",12,", ",-12,"))
    err = StringIO()
    with pytest.raises(CommandError, match=r"Rien n'a été importé : 1 erreur\(s\)\."):
        call_command("import_bundle", str(bundle), stdout=StringIO(), stderr=err)
    assert "values.csv, ligne 2, colonne « value » : « -12 » est négatif" in err.getvalue()
    assert counts() == before


def test_missing_directory(tmp_path, db):
    with pytest.raises(CommandError, match="Dossier introuvable"):
        command("import_bundle", str(tmp_path / "absent"))


def test_every_structure_has_an_identifier_so_export_writes_nothing(tmp_path, db):
    StructureFactory(name="Régie de quartier", key=None)
    StructureFactory(name="Régie de quartier", key="")
    assert sorted(Structure.objects.values_list("key", flat=True)) == ["regie-de-quartier", "regie-de-quartier-2"]
    Structure.objects.filter(key="regie-de-quartier-2").delete()
    out, _ = command("export_bundle", str(tmp_path / "paquet"))
    assert "structures.csv : 1 ligne(s)" in out
    assert Structure.objects.get().key == "regie-de-quartier"
    assert (tmp_path / "paquet" / "structures.csv").read_text() == (
        "code,name,kind,departement,siret\nregie-de-quartier,Régie de quartier,ACI,38,\n"
    )


def test_export_sorts_rows_by_their_natural_key(tmp_path, world):
    from essaim.bundle.exporter import export_bundle

    export_bundle(tmp_path)
    for name in ("structures.csv", "innovations.csv", "adoptions.csv", "indicators.csv"):
        rows = (tmp_path / name).read_text().splitlines()[1:]
        keys = [r.split(",")[:2] if name == "adoptions.csv" else r.split(",")[0] for r in rows]
        assert keys == sorted(keys), name
