"""The preloaded rules on the AIS#Emploi reference dataset."""

import datetime

import pytest

from essaim.evaluation.models import Value
from essaim.evaluation.rules import Violation
from essaim.evaluation.validation import check_values
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data


@pytest.fixture
def reference(db):
    load_reference_data()


def test_annexe_i_passes_the_preloaded_rules(reference):
    result = check_values()
    assert list(result) == []
    assert result.rules == 2 and result.values > 0
    assert not Violation.objects.exists()


def test_parcours_gardien_is_compared_28_to_36(reference):
    """The one innovation of Annexe I with both figures: 28 back in work ≤ 36 people."""
    gardien = Innovation.objects.get(code="PARCOURS-GARDIEN")
    end = datetime.date(2019, 3, 31)
    figures = dict(
        Value.objects.filter(innovation=gardien, period_end=end, structure=None).values_list(
            "indicator__code", "number"
        )
    )
    assert (figures["returns_to_employment"], figures["people_reached"]) == (28, 36)
    assert list(check_values(gardien)) == []
    # Had the report said 40, the rule would have caught it.
    Value.objects.filter(innovation=gardien, period_end=end, indicator__code="returns_to_employment").update(number=40)
    [violation] = check_values(gardien)
    assert violation.message == (
        "DELD revenus à l'emploi (40) > Personnes concernées (DELD et jeunes) (36) pour Parcours Gardien au 31/03/2019"
    )


def test_checking_twice_the_reference_writes_nothing_new(reference):
    check_values()
    again = check_values()
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
