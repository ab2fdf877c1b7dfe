"""The estimators (SciPy) against hand-computed cases."""

import math

import pytest

from essaim.followup.estimators import difference_in_differences, kaplan_meier, wilson


def test_kaplan_meier_by_hand():
    # Events at days 1, 2, 2, 4; censored at 3 and 5: six people.
    curve = kaplan_meier([(1, True, 1), (2, True, 2), (4, True, 1), (3, False, 1), (5, False, 1)])
    assert (curve.n, curve.events, curve.censored) == (6, 4, 2)
    assert curve.at(0)[0] == 1.0
    assert curve.at(1)[0] == pytest.approx(5 / 6)
    assert curve.at(2)[0] == pytest.approx(5 / 6 * 3 / 5)  # 0.5
    assert curve.at(3)[0] == pytest.approx(0.5)  # censoring does not move the curve
    assert curve.at(4)[0] == pytest.approx(0.25)  # 1 event among the 2 still at risk
    assert curve.at_risk(2) == 5 and curve.at_risk(4) == 2 and curve.at_risk(6) == 0
    assert curve.median_days() == 2
    # Greenwood with the log-log transform, at day 2, by hand.
    greenwood = 1 / (6 * 5) + 2 / (5 * 3)
    se = math.sqrt(greenwood / math.log(0.5) ** 2)
    low, high = 0.5 ** math.exp(1.959964 * se), 0.5 ** math.exp(-1.959964 * se)
    _, ci_low, ci_high = curve.at(2)
    assert ci_low == pytest.approx(low, abs=1e-4)
    assert ci_high == pytest.approx(high, abs=1e-4)


def test_kaplan_meier_without_events_stays_at_one():
    curve = kaplan_meier([(30, False, 4)])
    assert curve.at(100) == (1.0, 1.0, 1.0)
    assert kaplan_meier([]) is None


def test_wilson_interval_by_hand():
    n, k, z = 40, 12, 1.959963985
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = wilson(k, n)
    assert low == pytest.approx(centre - half, abs=1e-6)
    assert high == pytest.approx(centre + half, abs=1e-6)
    assert wilson(0, 0) is None


def test_difference_in_differences_by_hand():
    treated = {(0, 1): 6, (0, 0): 4}  # 60 % in work at the horizon, none at entry
    control = {(0, 1): 2, (0, 0): 8}  # 20 %
    result = difference_in_differences(12, treated, control)
    assert result.estimate == pytest.approx(0.4)
    assert (result.treated_before, result.treated_after) == (0, 0.6)
    assert (result.control_before, result.control_after) == (0, 0.2)
    # Welch: variances of the changes (n - 1), Welch–Satterthwaite degrees of freedom.
    vt, vc = 0.6 * 0.4 * 10 / 9, 0.2 * 0.8 * 10 / 9
    se = math.sqrt(vt / 10 + vc / 10)
    df = (vt / 10 + vc / 10) ** 2 / ((vt / 10) ** 2 / 9 + (vc / 10) ** 2 / 9)
    assert df == pytest.approx(17.31, abs=0.01)
    t = 2.1070  # Student's t, 0.975 quantile, 17.31 degrees of freedom (tables)
    assert result.low == pytest.approx(0.4 - t * se, abs=2e-3)
    assert result.high == pytest.approx(0.4 + t * se, abs=2e-3)


def test_difference_in_differences_counts_changes_both_ways():
    treated = {(1, 1): 2, (1, 0): 1, (0, 1): 3, (0, 0): 4}  # change: +3 - 1 over 10 = +0.2
    control = {(1, 0): 2, (0, 0): 8}  # -0.2
    assert difference_in_differences(6, treated, control).estimate == pytest.approx(0.4)
    assert difference_in_differences(6, treated, {}) is None
