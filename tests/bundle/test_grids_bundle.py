"""grids.csv and observations.csv: import, repeated import, every error named by file, row and
column in French, nothing written when anything is wrong, export."""

import pytest

from essaim.bundle import grids as grids_file
from essaim.bundle.exporter import export_bundle
from essaim.grids import observations_csv as observations_file
from essaim.grids.models import Grid, GridItem, Observation
from tests.bundle.helpers import counts, located, run, write_bundle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GRIDS = (
    "innovation,item,order,label,scale,description,data_source,grid_title\n"
    "ALPHA,info,1,Information interne,oui-en-cours-non,,entretien,Étapes d'Alpha\n"
    "ALPHA,plan,2,Plan d'action,oui-en-cours-non,Un plan écrit,,Étapes d'Alpha\n"
)
OBSERVATIONS = (
    "innovation,structure,phase,item,level,comment\n"
    "ALPHA,aci-grenoble,1,info,oui,\n"
    "ALPHA,aci-grenoble,1,plan,en cours,écrit à moitié\n"
    "ALPHA,chrs-lyon,1,info,non renseigné,\n"
)


def grid_counts():
    models = (Grid, GridItem, Observation)
    return (
        counts()
        | {m.__name__: m.objects.count() for m in models}
        | {f"{m.__name__} (historique)": m.history.count() for m in models}
    )


def refused(directory, before):
    result = run(directory)
    assert not result.ok
    assert grid_counts() == before, "a refused import wrote something"
    return located(result)


@pytest.fixture
def before_grids(db):
    return grid_counts()


def test_import_creates_the_grid_its_items_and_ratings(bundle):
    write_bundle(bundle, grids=GRIDS, observations=OBSERVATIONS)
    user = UserFactory(evaluator=True)
    result = run(bundle, user=user)
    assert result.ok, result.errors
    grid = Grid.objects.get(innovation__code="ALPHA")
    assert grid.title == "Étapes d'Alpha" and grid.scale.code == "oui-en-cours-non"
    assert list(grid.items.values_list("key", "position", "data_source")) == [("info", 1, "entretien"), ("plan", 2, "")]
    ratings = {(o.adoption.structure.key, o.item.key): (o.level.label, o.comment) for o in Observation.objects.all()}
    assert ratings == {
        ("aci-grenoble", "info"): ("oui", ""),
        ("aci-grenoble", "plan"): ("en cours", "écrit à moitié"),
        ("chrs-lyon", "info"): ("non renseigné", ""),
    }
    assert set(Observation.objects.values_list("recorded_by", flat=True)) == {user.pk}
    assert set(Observation.history.values_list("history_user", flat=True)) == {user.pk}
    assert result.plan.summary("observations.csv") == "3 nouveaux, 0 modifié, 0 inchangé"


def test_a_second_import_changes_nothing(bundle):
    write_bundle(bundle, grids=GRIDS, observations=OBSERVATIONS)
    assert run(bundle).ok
    before = grid_counts()
    result = run(bundle)
    assert result.ok and not result.plan.changed
    assert grid_counts() == before


def test_levels_are_read_as_people_write_them(bundle):
    observations = (
        "innovation,structure,phase,item,level\n"
        "ALPHA,aci-grenoble,2,info,OUI / Fixée\n"
        "ALPHA,aci-grenoble,2,plan,  En cours  \n"
    )
    write_bundle(bundle, grids=GRIDS, observations=observations)
    assert run(bundle).ok
    assert sorted(Observation.objects.values_list("level__label", flat=True)) == ["en cours", "oui"]


def test_a_change_of_level_is_an_update_with_its_history(bundle):
    write_bundle(bundle, grids=GRIDS, observations=OBSERVATIONS)
    assert run(bundle).ok
    write_bundle(bundle, observations=OBSERVATIONS.replace("plan,en cours,", "plan,oui,"))
    result = run(bundle)
    assert result.ok
    assert result.plan.summary("observations.csv") == "0 nouveau, 1 modifié, 2 inchangés"
    rating = Observation.objects.get(item__key="plan")
    assert rating.level.label == "oui"
    assert list(rating.history.order_by("history_date").values_list("level__label", flat=True)) == ["en cours", "oui"]


@pytest.mark.parametrize(
    "observations, expected",
    [
        (
            "innovation,structure,phase,item,level\nALPHA,aci-grenoble,1,info,peut-être\n",
            [
                (
                    "observations.csv",
                    2,
                    "level",
                    "niveau « peut-être » absent de l'échelle « Oui / en cours / non » "
                    "(niveaux possibles : oui, en cours, non, non renseigné).",
                )
            ],
        ),
        (
            "innovation,structure,phase,item,level\nALPHA,aci-grenoble,1,bilan,oui\n",
            [
                (
                    "observations.csv",
                    2,
                    "item",
                    "élément inconnu « bilan » dans la grille de « ALPHA » (éléments : info, plan).",
                )
            ],
        ),
        (
            "innovation,structure,phase,item,level\nALPHA,aci-grenoble,4,info,oui\nALPHA,aci-grenoble,0,info,oui\n",
            [
                ("observations.csv", 2, "phase", "phase « 4 » hors de la plage : 1, 2 ou 3."),
                ("observations.csv", 3, "phase", "phase « 0 » hors de la plage : 1, 2 ou 3."),
            ],
        ),
        (
            "innovation,structure,phase,item,level\nALPHA,porteur-alpha,1,info,oui\n",
            [("observations.csv", 2, "structure", "« porteur-alpha » n'a pas adopté l'innovation « ALPHA ».")],
        ),
        (
            "innovation,structure,phase,item,level\nALPHA,aci-grenoble,1,info,oui\nALPHA,aci-grenoble,1,info,non\n",
            [
                (
                    "observations.csv",
                    3,
                    "innovation + structure + phase + item",
                    "doublon : « ALPHA · aci-grenoble · 1 · info » figure déjà ligne 2.",
                )
            ],
        ),
        (
            "innovation,structure,phase,item,level\nALPHA,aci-grenoble,1,info,\n",
            [("observations.csv", 2, "level", "cellule vide : une valeur est obligatoire dans cette colonne.")],
        ),
    ],
)
def test_bad_observations_are_refused_and_nothing_is_written(bundle, before_grids, observations, expected):
    write_bundle(bundle, grids=GRIDS, observations=observations)
    assert refused(bundle, before_grids) == expected


def test_observations_need_a_grid(bundle, before_grids):
    write_bundle(bundle, observations="innovation,structure,phase,item,level\nALPHA,aci-grenoble,1,info,oui\n")
    assert refused(bundle, before_grids) == [
        ("observations.csv", 2, "item", "l'innovation « ALPHA » n'a pas de grille : déclarez-la dans grids.csv.")
    ]


@pytest.mark.parametrize(
    "grids, expected",
    [
        (
            GRIDS.replace("plan,2,Plan d'action,oui-en-cours-non", "plan,2,Plan d'action,fidelite-1-5"),
            [
                (
                    "grids.csv",
                    3,
                    "scale",
                    "une grille n'a qu'une échelle : « oui-en-cours-non » ligne 2, « fidelite-1-5 » ici.",
                )
            ],
        ),
        (
            GRIDS.replace("plan,2,", "plan,1,"),
            [("grids.csv", 3, "order", "ordre 1 déjà donné ligne 2 pour « ALPHA ».")],
        ),
        (
            GRIDS.replace("oui-en-cours-non", "oui-non"),
            [
                (
                    "grids.csv",
                    row,
                    "scale",
                    "échelle inconnue « oui-non » (échelles possibles : fidelite-1-5, oui-en-cours-non, "
                    "positif-partiel-negatif).",
                )
                for row in (2, 3)
            ],
        ),
        (
            GRIDS.replace("ALPHA,info,1", "ALPHA,Info Interne,1"),
            [
                (
                    "grids.csv",
                    2,
                    "item",
                    "identifiant d'élément « Info Interne » invalide : minuscules sans accent, chiffres et tirets, "
                    "60 caractères au plus (par exemple « installation-compair »).",
                )
            ],
        ),
        (
            GRIDS.replace("ALPHA,plan,2", "ALPHA,plan,deux"),
            [("grids.csv", 3, "order", "ordre « deux » invalide : un nombre entier de 1 à 999.")],
        ),
    ],
)
def test_bad_grids_are_refused_and_nothing_is_written(bundle, before_grids, grids, expected):
    write_bundle(bundle, grids=grids)
    assert refused(bundle, before_grids) == expected


def test_a_rated_grid_cannot_change_scale(bundle):
    write_bundle(bundle, grids=GRIDS, observations=OBSERVATIONS)
    assert run(bundle).ok
    before = grid_counts()
    write_bundle(bundle, grids=GRIDS.replace("oui-en-cours-non", "fidelite-1-5"), observations=None)
    (bundle / "observations.csv").unlink()
    assert refused(bundle, before) == [
        (
            "grids.csv",
            2,
            "scale",
            "la grille de « ALPHA » a déjà des notes sur l'échelle « oui-en-cours-non » : "
            "elle ne peut plus changer d'échelle.",
        )
    ]


def test_an_unrated_grid_may_change_scale_and_title(bundle):
    write_bundle(bundle, grids=GRIDS)
    assert run(bundle).ok
    (bundle / "observations.csv").unlink(missing_ok=True)
    write_bundle(bundle, grids=GRIDS.replace("oui-en-cours-non", "fidelite-1-5").replace("Étapes d'Alpha", "Fidélité"))
    result = run(bundle)
    assert result.ok
    grid = Grid.objects.get()
    assert (grid.scale.code, grid.title) == ("fidelite-1-5", "Fidélité")


def test_export_is_sorted_and_neutralised(bundle, tmp_path):
    write_bundle(bundle, grids=GRIDS, observations=OBSERVATIONS.replace("écrit à moitié", "=SOMME(A1)"))
    assert run(bundle).ok
    out = tmp_path / "out"
    export_bundle(out)
    assert (out / "grids.csv").read_text() == GRIDS
    assert (out / "observations.csv").read_text() == (
        "innovation,structure,phase,item,level,comment\n"
        "ALPHA,aci-grenoble,1,info,oui,\n"
        "ALPHA,aci-grenoble,1,plan,en cours,'=SOMME(A1)\n"
        "ALPHA,chrs-lyon,1,info,non renseigné,\n"
    )
    assert Observation.objects.get(item__key="plan").comment == "=SOMME(A1)"
    assert grids_file.HEADER[:5] == ["innovation", "item", "order", "label", "scale"]
    assert observations_file.HEADER == ["innovation", "structure", "phase", "item", "level", "comment"]
