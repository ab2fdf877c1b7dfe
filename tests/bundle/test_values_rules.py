"""values.csv checks Value.clean's rules in bulk: they must say exactly what the model says."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values_csv import PERIOD_ORDER, rule_errors
from tests.factories import AdoptionFactory, StructureFactory


@pytest.fixture
def adoption(db):
    return AdoptionFactory()


def model_says(**fields):
    value = Value(period_end=date(2018, 12, 31), kind="number", number=3, **fields)
    try:
        value.full_clean()
    except ValidationError as error:
        return sorted((field, m) for field, messages in error.message_dict.items() for m in messages)
    return []


def bundle_says(innovation, structure, indicator):
    adoptions = {(a.innovation.code, a.structure.key) for a in [innovation.adoptions.first()] if a}
    return sorted(rule_errors(innovation, structure, indicator, adoptions))


@pytest.mark.parametrize(
    "indicator_code, with_structure, adopted",
    [
        ("people_involved_total", False, True),
        ("structures_reached", True, True),
        ("structure_only", False, True),
        ("people_reached", True, False),
        ("structures_reached", True, False),
        ("people_reached", True, True),
        ("people_reached", False, True),
    ],
)
def test_same_rules_same_words(adoption, indicator_code, with_structure, adopted):
    Indicator.objects.create(code="structure_only", label="Par structure", levels="structure")
    indicator = Indicator.objects.get(code=indicator_code)
    adoption.structure.key = "adoptante"
    adoption.structure.save()
    structure = adoption.structure if adopted else StructureFactory(key="autre")
    structure = structure if with_structure else None
    innovation = adoption.innovation
    assert bundle_says(innovation, structure, indicator) == model_says(
        innovation=innovation, structure=structure, indicator=indicator
    )


def test_period_order_is_the_constraints_message(adoption):
    people = Indicator.objects.get(code="people_reached")
    messages = model_says(innovation=adoption.innovation, indicator=people, period_start=date(2019, 1, 1))
    assert messages == [("__all__", PERIOD_ORDER)]


@pytest.mark.parametrize(
    "indicator_code, with_structure, adopted",
    [
        ("people_involved_total", False, True),
        ("people_involved_total", True, False),
        ("structures_reached", True, True),
        ("structure_only", False, True),
        ("people_reached", True, False),
        ("people_reached", True, True),
    ],
)
def test_an_import_says_what_the_model_says(tmp_path, adoption, indicator_code, with_structure, adopted):
    """Through a whole import, row by row and staged in SQL (tests/bundle/conftest.py)."""
    from essaim.bundle.importer import import_bundle

    Indicator.objects.create(code="structure_only", label="Par structure", levels="structure")
    indicator = Indicator.objects.get(code=indicator_code)
    adoption.structure.key = "adoptante"
    adoption.structure.save()
    structure = (adoption.structure if adopted else StructureFactory(key="autre")) if with_structure else None
    innovation = adoption.innovation
    (tmp_path / "values.csv").write_text(
        "innovation,structure,indicator,period_end,value\n"
        f"{innovation.code},{structure.key if structure else ''},{indicator.code},2018-12-31,3\n"
    )
    expected = model_says(innovation=innovation, structure=structure, indicator=indicator)
    result = import_bundle(tmp_path)
    assert sorted((e.column, e.message) for e in result.errors) == expected
