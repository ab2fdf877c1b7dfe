"""Broken bundles: each error names file, row and column in French, and nothing is written."""

import codecs

import pytest

from essaim.bundle.importer import BundleNotFound
from tests.bundle.helpers import BUNDLE, counts, located, run, write_bundle

VALUES_HEADER = "innovation,structure,indicator,period_start,period_end,value,source,comment\n"


def values(*lines):
    return VALUES_HEADER + "".join(f"{line}\n" for line in lines)


def only(directory, **files):
    """A directory holding only the files given (name without .csv → text)."""
    return write_bundle(directory, files={f"{stem}.csv": text for stem, text in files.items()})


def refused(directory, before):
    """Import; assert it failed and wrote nothing; return its errors located."""
    result = run(directory)
    assert not result.ok and not result.written
    assert counts() == before
    return located(result)


@pytest.mark.parametrize(
    "cell, message",
    [
        ("-3", "« -3 » est négatif : un effectif ne peut pas l'être."),
        ('"12,5"', "« 12,5 » est décimal : un effectif est un nombre entier."),
        ("12.5", "« 12.5 » est décimal : un effectif est un nombre entier."),
        ("douze", "« douze » n'est ni un nombre entier, ni « nc », ni « ne »."),
        ("=1+1", "« =1+1 » n'est ni un nombre entier, ni « nc », ni « ne »."),
        ("", "Valeur vide : indiquez un nombre, « nc » ou « ne »."),
    ],
)
def test_bad_values(bundle, before, cell, message):
    write_bundle(bundle, values=values(f"ALPHA,aci-grenoble,people_reached,,2018-12-31,{cell},,"))
    assert refused(bundle, before) == [("values.csv", 2, "value", message)]


@pytest.mark.parametrize(
    "line, column, message",
    [
        ("ZZZ,aci-grenoble,people_reached,,2018-12-31,3,,", "innovation", "innovation inconnue « ZZZ »"),
        ("ALPHA,nulle-part,people_reached,,2018-12-31,3,,", "structure", "structure inconnue « nulle-part »"),
        ("ALPHA,aci-grenoble,smiles,,2018-12-31,3,,", "indicator", "indicateur inconnu « smiles »"),
        (
            "ALPHA,porteur-alpha,people_reached,,2018-12-31,3,,",
            "structure",
            "Cette structure n'a pas adopté cette innovation.",
        ),
        (
            "ALPHA,,people_involved_total,,2018-12-31,3,,",
            "indicator",
            "Cet indicateur est calculé : il ne se saisit pas.",
        ),
        (
            "ALPHA,aci-grenoble,structures_reached,,2018-12-31,3,,",
            "structure",
            "Cet indicateur se déclare pour l'innovation dans son ensemble, pas par structure.",
        ),
        (
            "ALPHA,,people_reached,2019-01-01,2018-12-31,3,,",
            "period_start",
            "Le début de période doit précéder sa fin.",
        ),
        (
            "ALPHA,,people_reached,,2019-02-30,3,,",
            "period_end",
            "la date « 2019-02-30 » n'existe pas dans le calendrier.",
        ),
        (
            "ALPHA,,people_reached,,2018-12-31,3," + "s" * 301 + ",",
            "source",
            "précision sur la source trop longue (301 caractères, 300 au plus).",
        ),
    ],
)
def test_bad_value_rows(bundle, before, line, column, message):
    write_bundle(bundle, values=values(line))
    assert refused(bundle, before) == [("values.csv", 2, column, message)]


def test_duplicate_values(bundle, before):
    write_bundle(
        bundle,
        values=values(
            "ALPHA,,people_reached,,2018-12-31,3,,",
            "ALPHA,aci-grenoble,people_reached,,2018-12-31,3,,",
            "ALPHA,,people_reached,,31/12/2018,4,,",
        ),
    )
    assert refused(bundle, before) == [
        (
            "values.csv",
            4,
            "innovation + structure + indicator + period_end",
            "doublon : « ALPHA · (vide) · people_reached · 31/12/2018 » figure déjà ligne 2.",
        )
    ]


def test_every_error_of_every_file_is_reported(bundle, before):
    write_bundle(
        bundle,
        structures=BUNDLE["structures.csv"] + "aci-grenoble,Doublon,ACI,38,\nx,X,SCOP,99,\n",
        values=values("ALPHA,,people_reached,,2018-12-31,-1,,", "ALPHA,,meals_served,,2018-13-31,2,,"),
    )
    errors = refused(bundle, before)
    assert errors[1][:3] == ("structures.csv", 6, "kind")
    assert errors[1][3].startswith("type de structure inconnu « SCOP » (codes possibles : AI, ACI,")
    assert errors[:1] + errors[2:] == [
        ("structures.csv", 5, "code", "doublon : « aci-grenoble » figure déjà ligne 3."),
        ("structures.csv", 6, "departement", "département inconnu « 99 »"),
        ("values.csv", 2, "value", "« -1 » est négatif : un effectif ne peut pas l'être."),
        ("values.csv", 3, "period_end", "la date « 2018-13-31 » n'existe pas dans le calendrier."),
    ]


def test_unknown_departement(tmp_path, before):
    bundle = only(tmp_path, structures="code,name,kind,departement\nx,X,ACI,99\n")
    assert refused(bundle, before) == [("structures.csv", 2, "departement", "département inconnu « 99 »")]


def test_siret_failing_luhn(tmp_path, before):
    bundle = only(tmp_path, structures="code,name,kind,siret\nx,X,ACI,73282932000075\n")
    assert refused(bundle, before) == [
        (
            "structures.csv",
            2,
            "siret",
            "Le SIRET « 73282932000075 » n'est pas valide (clé de contrôle incorrecte) : vérifiez sa saisie.",
        )
    ]


def test_siret_with_spaces_is_read_but_letters_are_not(tmp_path, before):
    bundle = only(tmp_path, structures="code,name,kind,siret\nx,X,ACI,732 829 320 00074\ny,Y,ACI,1.23E+13\n")
    assert refused(bundle, before) == [
        ("structures.csv", 3, "siret", "Le SIRET « 1.23E+13 » doit compter exactement 14 chiffres.")
    ]


def test_siret_given_twice_or_already_taken(tmp_path, db):
    from tests.factories import StructureFactory

    StructureFactory(key="ancienne", siret="44306184100047")
    before = counts()
    bundle = only(
        tmp_path,
        structures=("code,name,kind,siret\na,A,ACI,73282932000074\nb,B,ACI,73282932000074\nc,C,ACI,44306184100047\n"),
    )
    assert refused(bundle, before) == [
        ("structures.csv", 3, "siret", "SIRET « 73282932000074 » déjà donné ligne 2."),
        ("structures.csv", 4, "siret", "Une structure porte déjà ce SIRET. (« ancienne »)"),
    ]


def test_siret_moving_between_two_structures_of_the_file(tmp_path, db):
    from essaim.organizations.models import Structure
    from tests.factories import StructureFactory

    StructureFactory(key="ancienne", siret="44306184100047")
    bundle = only(tmp_path, structures="code,name,kind,siret\nancienne,A,ACI,\nnouvelle,N,ACI,44306184100047\n")
    assert run(bundle).ok
    assert Structure.objects.get(siret="44306184100047").key == "nouvelle"


@pytest.mark.parametrize(
    "structures, column, message",
    [
        ("code,name,kind,colour\nx,X,ACI,red\n", "colour", "colonne inconnue"),
        ("code,kind\nx,ACI\n", "name", "colonne obligatoire absente de l'en-tête."),
        ("Code,Name,Kind,Kind\nx,X,ACI,ACI\n", "kind", "colonne en double dans l'en-tête."),
    ],
)
def test_header_errors(tmp_path, before, structures, column, message):
    bundle = only(tmp_path, structures=structures)
    errors = refused(bundle, before)
    assert errors[0][:3] == ("structures.csv", 1, column)
    assert errors[0][3].startswith(message)


def test_model_validation_errors_land_on_their_column(tmp_path, before):
    bundle = only(
        tmp_path,
        structures="code,name,kind\nPas Un Slug,X,ACI\nok," + "n" * 201 + ",ACI\n",
        innovations="code,name,porteur,entered_on,exited_on\nalpha,Alpha,ok,2018-01-01,2017-01-01\n",
    )
    errors = refused(bundle, before)
    assert [e[:3] for e in errors] == [
        ("structures.csv", 2, "code"),
        ("structures.csv", 3, "name"),
        ("innovations.csv", 2, "code"),
        ("innovations.csv", 2, "exited_on"),
    ]
    assert "majuscules" in errors[2][3]
    assert errors[3][3] == "La sortie ne peut pas précéder l'entrée dans l'accélérateur."


def test_standard_indicators_cannot_be_changed(tmp_path, before):
    bundle = only(tmp_path, indicators="code,label,unit\npeople_reached,Gens,personnes\n")
    assert refused(bundle, before) == [
        (
            "indicators.csv",
            2,
            "label",
            "« people_reached » est un indicateur standard : « Gens » ne peut pas remplacer "
            "« Personnes concernées (DELD et jeunes) ».",
        )
    ]


def test_unknown_step_and_status(bundle, before):
    write_bundle(
        bundle,
        innovations="code,name,porteur,stage\nALPHA,Alpha,porteur-alpha,launch\n",
        adoptions=BUNDLE["adoptions.csv"].replace("trained", "happy"),
    )
    errors = refused(bundle, before)
    assert [e[:3] for e in errors] == [("innovations.csv", 2, "stage"), ("adoptions.csv", 2, "status")]
    assert errors[1][3].startswith("statut inconnu « happy » (codes possibles : candidate, selected")


def test_status_history_cannot_start_in_the_future(bundle, before):
    write_bundle(bundle, adoptions=BUNDLE["adoptions.csv"].replace("2016-06-01", "2999-01-01"))
    ((file, row, column, message),) = refused(bundle, before)
    assert (file, row, column) == ("adoptions.csv", 2, "since")
    assert "dans le futur" in message


def test_status_history_cannot_go_back_in_time(bundle, db):
    from datetime import date

    from essaim.core.history import record
    from essaim.swarming.models import Adoption, StatusChange

    assert run(bundle).ok
    adoption = Adoption.objects.get(structure__key="aci-grenoble")
    record(StatusChange, adoption, "implementing", date.today())
    StatusChange.objects.filter(status="implementing").update(on=date(2999, 1, 1))
    before = counts()
    write_bundle(bundle, adoptions="innovation,structure,status,since\nALPHA,aci-grenoble,paused,2016-06-01\n")
    ((file, row, column, message),) = refused(bundle, before)
    assert (file, row, column) == ("adoptions.csv", 2, "status")
    assert "L'historique ne peut pas remonter le temps" in message


def test_errors_found_while_writing_roll_everything_back(bundle, before, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError({"on": "refusé"})

    monkeypatch.setattr("essaim.bundle.histories.record", refuse)
    errors = refused(bundle, before)
    assert errors[0] == ("innovations.csv", 2, "stage", "refusé")
    assert len(errors) == 3  # one step, two statuses


def test_huge_cell(tmp_path, before):
    bundle = only(tmp_path, structures="code,name,kind\nx," + "n" * 5000 + ",ACI\n")
    assert refused(bundle, before) == [
        ("structures.csv", 2, "name", "cellule trop longue (5000 caractères, 1000 au plus).")
    ]


def test_cell_beyond_what_csv_reads(tmp_path, before):
    bundle = only(tmp_path, structures='code,name,kind\nx,"' + "n" * 200_000 + '",ACI\n')
    ((file, row, column, message),) = refused(bundle, before)
    assert (file, row, column) == ("structures.csv", 2, None)
    assert message.startswith("cellule de plus de 131")


def test_wrong_encoding(bundle, before):
    write_bundle(bundle, values=values("ALPHA,,people_reached,,2018-12-31,3,,").encode("utf-16"))
    ((file, row, column, message),) = refused(bundle, before)
    assert (file, row, column) == ("values.csv", None, None)
    assert message.startswith("encodage non reconnu")


def test_empty_file(bundle, before):
    write_bundle(bundle, adoptions=b"")
    errors = refused(bundle, before)
    assert errors[0] == ("adoptions.csv", None, None, "fichier vide : il faut au moins la ligne d'en-tête.")
    # Every other file is still checked: the values then refer to adoptions the bundle lacks.
    assert {e[:3] for e in errors[1:]} == {("values.csv", 2, "structure"), ("values.csv", 3, "structure")}


def test_semicolons_bom_crlf_and_windows_1252_are_accepted(bundle, db):
    french = {name: text.replace(",", ";").replace("\n", "\r\n") for name, text in BUNDLE.items()}
    write_bundle(bundle, files=french)
    (bundle / "structures.csv").write_bytes(codecs.BOM_UTF8 + french["structures.csv"].encode())
    (bundle / "values.csv").write_bytes(french["values.csv"].encode("cp1252"))
    result = run(bundle)
    assert result.ok, result.errors
    assert result.encodings["structures.csv"] == "UTF-8 avec BOM"
    assert result.encodings["values.csv"] == "Windows-1252"
    assert result.plan.summary("values.csv") == "3 nouveaux, 0 modifié, 0 inchangé"
    from essaim.evaluation.models import Value

    assert Value.objects.filter(source_detail="enquête structure").count() == 1


def test_missing_directory_or_no_bundle_file(tmp_path, db):
    with pytest.raises(BundleNotFound, match="Dossier introuvable"):
        run(tmp_path / "absent")
    with pytest.raises(BundleNotFound, match="Aucun fichier du paquet"):
        run(tmp_path)


def test_duplicates_without_the_structure_column(bundle, before):
    """A key column the file leaves out is its default (empty) on every row."""
    write_bundle(
        bundle,
        values="innovation,indicator,period_end,value\nALPHA,meals_served,2018-12-31,3\nALPHA,meals_served,2018-12-31,4\n",
    )
    assert refused(bundle, before) == [
        (
            "values.csv",
            3,
            "innovation + structure + indicator + period_end",
            "doublon : « ALPHA · (vide) · meals_served · 2018-12-31 » figure déjà ligne 2.",
        )
    ]


def test_errors_of_every_kind_come_in_row_order(bundle, before):
    """Cells, keys and rules, row after row: each path lists them in the same order."""
    write_bundle(
        bundle,
        values=values(
            "ALPHA,aci-grenoble,people_reached,,2018-12-31,12,,",
            "ALPHA,porteur-alpha,people_involved_total,,2018-12-31,3,,",
            "ALPHA,aci-grenoble,people_reached,,31/12/2018,-1,,",
            "ALPHA,,people_reached,2019-01-01,2018-12-31,3,,,en trop",
            "ALPHA,chrs-lyon,smiles,,2018-12-32,x,,",
            "",
            "ALPHA,chrs-lyon,people_reached,2019-01-01,2018-12-31,5,,",
            "ALPHA,aci-grenoble,people_reached,,2018-12-31,13,,",
        ),
    )
    assert refused(bundle, before) == [
        ("values.csv", 3, "indicator", "Cet indicateur est calculé : il ne se saisit pas."),
        ("values.csv", 3, "structure", "Cette structure n'a pas adopté cette innovation."),
        ("values.csv", 4, "value", "« -1 » est négatif : un effectif ne peut pas l'être."),
        (
            "values.csv",
            4,
            "innovation + structure + indicator + period_end",
            "doublon : « ALPHA · aci-grenoble · people_reached · 31/12/2018 » figure déjà ligne 2.",
        ),
        ("values.csv", 5, None, "valeur « en trop » hors des colonnes nommées dans l'en-tête."),
        ("values.csv", 6, "indicator", "indicateur inconnu « smiles »"),
        ("values.csv", 6, "period_end", "la date « 2018-12-32 » n'existe pas dans le calendrier."),
        ("values.csv", 6, "value", "« x » n'est ni un nombre entier, ni « nc », ni « ne »."),
        ("values.csv", 8, "period_start", "Le début de période doit précéder sa fin."),
        (
            "values.csv",
            9,
            "innovation + structure + indicator + period_end",
            "doublon : « ALPHA · aci-grenoble · people_reached · 2018-12-31 » figure déjà ligne 2.",
        ),
    ]
