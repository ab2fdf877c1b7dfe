"""Cohort outcomes checked against hand-computed cases."""

import datetime

import pytest

from essaim.followup.enums import Arm, Category, DurationBand, SubType
from essaim.followup.models import Enrolment
from essaim.followup.outcomes import compute
from essaim.followup.survival import survival_groups
from essaim.followup.viewer import Viewer
from tests.followup.helpers import ENTRY, crowd, person

AS_OF = datetime.date(2020, 6, 30)


@pytest.fixture
def cohort(world):
    """Ten people of ALPHA at the member's structure, with their situation at 12 months."""
    s, i = world.own.structure, world.innovation
    crowd(s, i, 3, [(12, SubType.CDI)])
    crowd(s, i, 2, [(12, SubType.CDD, 3)])
    crowd(s, i, 1, [(12, SubType.TRAINING)])
    crowd(s, i, 2, [(12, SubType.UNEMPLOYMENT)])
    crowd(s, i, 1, [])
    crowd(s, i, 1, [(12, SubType.DEATH)])
    return world


def test_shares_at_12_months_by_hand(cohort):
    result = compute(AS_OF, viewer=Viewer(exact=True))
    line = result.total
    counts = {k: f.value for k, f in line.horizons[12].items()}
    assert counts["observed"] == 10
    assert counts["withdrawn"] == 1
    assert counts["base"] == 9  # withdrawals leave the rates
    assert (counts["durable"], counts["transition"], counts["positive"]) == (3, 2, 1)
    assert (counts["other"], counts["ongoing"], counts["dynamic"], counts["exits"]) == (2, 1, 6, 8)
    shares = line.shares[12]
    assert shares["durable"].percent == pytest.approx(100 * 3 / 9)
    assert shares["dynamic"].percent == pytest.approx(100 * 6 / 9)
    assert shares["employment"].percent == pytest.approx(100 * 5 / 9)
    assert line.asp_rate[12].percent == pytest.approx(100 * 6 / 8)  # among exits, as the ASP counts
    # At 6 months everybody was still in the path.
    assert line.horizons[6]["ongoing"].value == 10 and line.shares[6]["dynamic"].percent == 0


def test_a_horizon_not_reached_counts_nobody(cohort):
    early = ENTRY + datetime.timedelta(days=200)  # past 6 months, not 12
    line = compute(early, viewer=Viewer(exact=True)).total
    assert line.entered.value == 10
    assert line.horizons[6]["observed"].value == 10
    assert line.horizons[12]["observed"].value == 0
    assert line.shares[12]["dynamic"].percent is None
    assert compute(ENTRY - datetime.timedelta(days=1), viewer=Viewer(exact=True)).total is None


def test_breakdown_by_entry_cohort_and_public(world):
    s, i = world.own.structure, world.innovation
    crowd(s, i, 2, [(6, SubType.CDI)], entered=datetime.date(2018, 2, 1), duration_band=DurationBand.FROM_3)
    crowd(s, i, 3, [(6, SubType.UNEMPLOYMENT)], entered=datetime.date(2018, 5, 2))
    result = compute(AS_OF, breakdown="quarter", viewer=Viewer(exact=True))
    assert [(line.label, line.entered.value, line.horizons[6]["durable"].value) for line in result.lines] == [
        ("2018 T1", 2, 2),
        ("2018 T2", 3, 0),
    ]
    years = compute(AS_OF, breakdown="year", viewer=Viewer(exact=True))
    assert [(line.label, line.entered.value) for line in years.lines] == [("2018", 5)]
    bands = compute(AS_OF, breakdown="duration_band", viewer=Viewer(exact=True))
    assert {line.key[1]: line.entered.value for line in bands.lines}[DurationBand.FROM_3] == 2


def test_time_to_first_job_censors_at_the_last_situation(world):
    s, i = world.own.structure, world.innovation
    person(s, i, situations=[(datetime.date(2018, 3, 16), SubType.CDI)])  # job after 60 days
    person(s, i, situations=[(datetime.date(2018, 4, 15), SubType.UNEMPLOYMENT)])  # censored at 90 days
    person(s, i, situations=[(datetime.date(2018, 2, 14), SubType.ILLNESS)])  # withdrawn: censored at 30 days
    groups = sorted(survival_groups(Enrolment.objects.all(), AS_OF))
    assert groups == [(30, False, 1), (60, True, 1), (90, False, 1)]
    # As of a date before the job, the people still followed later are censored at that date.
    day = datetime.date(2018, 3, 1)
    assert sorted(survival_groups(Enrolment.objects.all(), day)) == [(30, False, 1), (45, False, 2)]
    result = compute(AS_OF, viewer=Viewer(exact=True))
    view = result.survival[Arm.INNOVATION]
    assert view.curve.at(60)[0] == pytest.approx(0.5)  # 1 job among the 2 still at risk


def test_difference_in_differences_needs_a_comparison_group(world):
    s, i = world.own.structure, world.innovation
    crowd(s, i, 6, [(12, SubType.CDI)])
    crowd(s, i, 4, [(12, SubType.UNEMPLOYMENT)])
    assert compute(AS_OF, viewer=Viewer(exact=True)).did == []
    crowd(s, i, 2, [(12, SubType.CDI)], arm=Arm.COMPARISON)
    crowd(s, i, 8, [(12, SubType.UNEMPLOYMENT)], arm=Arm.COMPARISON)
    did = {d.months: d for d in compute(AS_OF, viewer=Viewer(exact=True)).did}
    assert did[12].result.estimate == pytest.approx(0.4)
    assert did[6].result.estimate == pytest.approx(0.0)
    # The comparison group stays out of the shares.
    assert compute(AS_OF, viewer=Viewer(exact=True)).total.entered.value == 10


def test_reference_rates_stand_beside_the_same_public(cohort):
    result = compute(AS_OF, viewer=Viewer(exact=True))
    rates = {r.rate.key: r for r in result.references}
    assert rates["insee-under-1y"].rate.rate == 27.8
    assert rates["insee-all"].cohort.percent == pytest.approx(0.0)  # nobody in work at 6 months
    assert rates["lref-lyon-durable"].base.value == 0  # nobody sheltered in this cohort
    assert all(r.rate.source.title for r in result.references)


def test_categories_cover_every_situation():
    assert {c.value for c in Category} == {"durable", "transition", "positive", "other", "withdrawn", "ongoing"}
