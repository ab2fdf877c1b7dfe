"""A `sum` indicator's total knows the periods collection campaigns expected and a structure left
without a value: the cell is partial and says how many structures left a period out."""

import datetime

import pytest

from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator
from tests.evaluation.helpers import put

pytestmark = pytest.mark.django_db

JANUARY, FEBRUARY = datetime.date(2019, 1, 31), datetime.date(2019, 2, 28)


@pytest.fixture
def hires(world):
    indicator = Indicator.objects.create(code="hires", label="Embauches", aggregation="sum", levels="both")
    for end in (JANUARY, FEBRUARY):
        campaign = Campaign.objects.create(
            title=f"Embauches au {end}",
            innovation=world.innovation,
            period_end=end,
            opens_on=end + datetime.timedelta(days=1),
            deadline=end + datetime.timedelta(days=15),
        )
        campaign.indicators.set([indicator])
    return indicator


def cell(world, as_of, start=None):
    table = consolidate(as_of, start=start, indicators=Indicator.objects.filter(code="hires"))
    return next(row for row in table.rows if row.innovation == world.innovation).cells["hires"]


def test_a_period_a_campaign_expected_and_left_without_a_value_makes_the_total_partial(world, hires):
    for end in (JANUARY, FEBRUARY):
        put(world.innovation, "hires", "3", structure=world.own.structure, end=end)
    put(world.innovation, "hires", "2", structure=world.other.structure, end=JANUARY)
    february = cell(world, FEBRUARY)
    assert (february.value, str(february.status), february.reported, february.expected, february.gaps) == (
        8,
        "partial",
        2,
        2,
        1,
    )
    january = cell(world, JANUARY)  # February is not in the window yet
    assert (january.value, str(january.status), january.gaps) == (5, "value", 0)
    assert cell(world, FEBRUARY, start=FEBRUARY).gaps == 1  # the window from February on
    nc = put(world.innovation, "hires", "nc", structure=world.other.structure, end=FEBRUARY)
    answered = cell(world, FEBRUARY)  # an answer, but nc beside numbers: still a gap in the sum
    assert (answered.value, str(answered.status), answered.gaps) == (8, "partial", 1)
    nc.kind, nc.number = "number", 4
    nc.save()
    assert (cell(world, FEBRUARY).value, str(cell(world, FEBRUARY).status), cell(world, FEBRUARY).gaps) == (
        12,
        "value",
        0,
    )


def test_without_campaigns_nothing_is_expected_period_by_period(world):
    Indicator.objects.create(code="hires", label="Embauches", aggregation="sum", levels="both")
    put(world.innovation, "hires", "3", structure=world.own.structure, end=FEBRUARY)
    put(world.innovation, "hires", "2", structure=world.other.structure, end=JANUARY)
    assert str(cell(world, FEBRUARY).status) == "value"


def test_a_campaign_that_did_not_ask_the_indicator_expects_nothing_of_it(world, hires):
    Campaign.objects.filter(period_end=FEBRUARY).get().indicators.set(Indicator.objects.filter(code="people_reached"))
    put(world.innovation, "hires", "3", structure=world.own.structure, end=JANUARY)
    put(world.innovation, "hires", "2", structure=world.other.structure, end=JANUARY)
    assert str(cell(world, FEBRUARY).status) == "value"
