import pytest
from django.core.exceptions import ValidationError

from essaim.organizations.models import Structure
from essaim.organizations.validators import validate_siret
from tests.factories import StructureFactory

VALID_SIRET = "73282932000074"  # Luhn-valid


@pytest.mark.parametrize("siret", [VALID_SIRET, "35600000000048", "35600000049837"])
def test_valid_sirets(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret, message",
    [
        ("73282932000075", "clé de contrôle incorrecte"),
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("35600000049838", "clé de contrôle incorrecte"),
    ],
)
def test_invalid_sirets_say_what_is_wrong(siret, message):
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)


def test_structure_with_bad_siret_is_not_saved(db):
    structure = Structure(name="Essai", kind="ACI", siret="73282932000075")
    with pytest.raises(ValidationError) as error:
        structure.full_clean()
    assert "siret" in error.value.message_dict


def test_siret_is_unique_with_a_french_message(db):
    StructureFactory(siret=VALID_SIRET)
    with pytest.raises(ValidationError) as error:
        Structure(name="Doublon", kind="ACI", siret=VALID_SIRET).full_clean()
    assert error.value.message_dict["siret"] == ["Une structure porte déjà ce SIRET."]


def test_empty_siret_is_stored_as_null_so_many_structures_have_none(db):
    StructureFactory(siret="")
    StructureFactory(siret="")
    assert Structure.objects.filter(siret__isnull=True).count() == 2


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValidationError) as error:
        Structure(name="Essai", kind="XYZ").full_clean()
    assert "kind" in error.value.message_dict


def test_unknown_departement_is_refused(db):
    with pytest.raises(ValidationError) as error:
        Structure(name="Essai", kind="ACI", departement_id="99").full_clean()
    assert "departement" in error.value.message_dict
