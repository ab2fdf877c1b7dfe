import datetime

import pytest
from django.core.exceptions import ValidationError

from essaim.evaluation.enums import ValueKind
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import parse_value
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory


@pytest.mark.parametrize(
    "raw, expected",
    [
        (0, ("number", 0)),
        (1058, ("number", 1058)),
        ("1058", ("number", 1058)),
        ("1 058", ("number", 1058)),
        ("1\u202f058", ("number", 1058)),
        ("12,0", ("number", 12)),
        (12.0, ("number", 12)),
        ("nc", ("nc", None)),
        (" NC ", ("nc", None)),
        ("ne", ("ne", None)),
    ],
)
def test_values_people_write(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "vide"),
        (None, "vide"),
        ("-3", "négatif"),
        ("12,5", "décimal"),
        (12.5, "décimal"),
        ("douze", "ni un nombre entier"),
        ("=1+1", "ni un nombre entier"),
        ("1e3", "ni un nombre entier"),
        ("9" * 20, "trop grand"),
        (True, "n'est pas un nombre"),
    ],
)
def test_bad_values_say_why(raw, message):
    with pytest.raises(ValidationError, match=message):
        parse_value(raw)


@pytest.fixture
def people(db):
    return Indicator.objects.get(code="people_reached")


def value(**fields):
    defaults = {"period_end": datetime.date(2019, 3, 31), "kind": ValueKind.NUMBER, "number": 3}
    return Value(**(defaults | fields))


def test_standard_indicators_are_loaded(db):
    codes = list(Indicator.objects.values_list("code", flat=True))
    assert codes[:5] == [
        "structures_reached",
        "people_reached",
        "returns_to_employment",
        "professionals_involved",
        "companies_involved",
    ]
    assert Indicator.objects.get(code="people_involved_total").operands == ["people_reached", "professionals_involved"]


def test_nc_is_never_stored_as_zero(people):
    innovation = InnovationFactory()
    with pytest.raises(ValidationError):
        value(innovation=innovation, indicator=people, kind=ValueKind.NC, number=0).full_clean()
    with pytest.raises(ValidationError):
        value(innovation=innovation, indicator=people, kind=ValueKind.NUMBER, number=None).full_clean()
    stored = value(innovation=innovation, indicator=people, kind=ValueKind.NC, number=None)
    stored.full_clean()
    stored.save()
    assert stored.display == "nc"


def test_a_structure_value_needs_an_adoption(people):
    innovation = InnovationFactory()
    with pytest.raises(ValidationError, match="n'a pas adopté"):
        value(innovation=innovation, structure=StructureFactory(), indicator=people).full_clean()
    adoption = AdoptionFactory(innovation=innovation)
    value(innovation=innovation, structure=adoption.structure, indicator=people).full_clean()


def test_derived_indicators_are_not_entered(db):
    derived = Indicator.objects.get(code="people_involved_total")
    with pytest.raises(ValidationError, match="calculé"):
        value(innovation=InnovationFactory(), indicator=derived).full_clean()


def test_an_innovation_level_indicator_refuses_a_structure(db):
    adoption = AdoptionFactory()
    structures = Indicator.objects.get(code="structures_reached")
    with pytest.raises(ValidationError, match="dans son ensemble"):
        value(innovation=adoption.innovation, structure=adoption.structure, indicator=structures).full_clean()


def test_one_value_per_unit_indicator_and_period_end(people):
    innovation = InnovationFactory()
    value(innovation=innovation, indicator=people).save()
    with pytest.raises(ValidationError, match="existe déjà"):
        value(innovation=innovation, indicator=people, number=4).full_clean()


def test_period_start_after_end_is_refused(people):
    with pytest.raises(ValidationError, match="précéder"):
        value(innovation=InnovationFactory(), indicator=people, period_start=datetime.date(2020, 1, 1)).full_clean()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"operation": "sum", "operands": ["people_reached"]}, "au moins deux"),
        ({"operation": "ratio", "operands": ["people_reached", "nope"]}, "inconnu"),
        # A derived operand is allowed (issue 21: checked for cycles); the indicator itself is not.
        ({"operation": "ratio", "operands": ["people_reached", "custom"]}, "à partir de lui-même"),
        ({"operation": "", "operands": ["people_reached"]}, "pas d'opérandes"),
        ({"code": "People Reached"}, "minuscules"),
    ],
)
def test_indicator_definitions_are_checked(db, fields, message):
    indicator = Indicator(**({"code": "custom", "label": "Essai"} | fields))
    with pytest.raises(ValidationError, match=message):
        indicator.full_clean()
