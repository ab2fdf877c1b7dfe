from essaim.territories.models import Departement, Region


def test_the_official_regions_and_departements_are_loaded(db):
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101


def test_corsica_and_overseas_are_included(db):
    assert Departement.objects.get(code="2A").region.name == "Corse"
    assert Departement.objects.get(code="2B").name == "Haute-Corse"
    overseas = dict(Departement.objects.filter(code__startswith="97").values_list("code", "region__name"))
    assert overseas == {
        "971": "Guadeloupe",
        "972": "Martinique",
        "973": "Guyane",
        "974": "La Réunion",
        "976": "Mayotte",
    }


def test_every_region_has_departements(db):
    assert not Region.objects.filter(departements__isnull=True).exists()
    assert Departement.objects.get(code="74").region.name == "Auvergne-Rhône-Alpes"
    assert Departement.objects.get(code="44").region.name == "Pays de la Loire"
