"""The bridge: people reached and returns to employment computed beside the hand-reported values."""

import datetime

from essaim.evaluation.models import Indicator, Value
from essaim.followup.bridge import bridge
from essaim.followup.enums import Arm, DurationBand, SubType
from essaim.followup.viewer import Viewer
from tests.followup.helpers import crowd

AS_OF = datetime.date(2020, 6, 30)


def test_computed_beside_reported_with_the_difference(world):
    s, i = world.own.structure, world.innovation
    crowd(s, i, 6, [(6, SubType.CDI)], duration_band=DurationBand.FROM_2_TO_3)  # DELD back in work
    crowd(s, i, 2, [(6, SubType.CDI)], duration_band=DurationBand.UNDER_1)  # in work, not DELD
    crowd(s, i, 4, [(6, SubType.UNEMPLOYMENT)])
    crowd(s, i, 5, [(6, SubType.CDI)], arm=Arm.COMPARISON)  # not people reached by the innovation
    reached = Indicator.objects.get(code="people_reached")
    returns = Indicator.objects.get(code="returns_to_employment")
    Value.objects.create(
        innovation=i, structure=s, indicator=reached, period_end=datetime.date(2019, 12, 31), number=10
    )
    Value.objects.create(
        innovation=i, structure=s, indicator=returns, period_end=datetime.date(2019, 12, 31), kind="nc"
    )
    rows = bridge(AS_OF, Viewer(exact=True), "all")
    alpha = next(r for r in rows if r.innovation == i and r.structure is None)
    assert alpha.reached.computed.value == 12
    assert alpha.returns.computed.value == 6
    assert alpha.reached.difference == 12 - 10
    assert alpha.returns.difference is None  # nc is not a number: no difference
    own = next(r for r in rows if r.structure == s)
    assert own.reached.computed.value == 12 and own.reached.reported.number == 10 and own.reached.difference == 2


def test_a_funder_sees_no_small_computed_count(world):
    crowd(world.own.structure, world.innovation, 3, [(6, SubType.CDI)])
    rows = bridge(AS_OF, Viewer(exact=False), None)
    alpha = next(r for r in rows if r.innovation == world.innovation)
    assert alpha.reached.computed.secret and alpha.returns.computed.secret
    assert alpha.reached.difference is None
    assert all(r.structure is None for r in rows)
