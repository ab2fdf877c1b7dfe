"""The estimators, from maintained libraries (SciPy), never written by hand:

- time to first job: the Kaplan–Meier estimator of `scipy.stats.ecdf` on right-censored data
  (`scipy.stats.CensoredData`), with its pointwise confidence interval (Greenwood's variance,
  « log-log » transform, which stays within [0, 1]);
- shares: the Wilson score interval of `scipy.stats.binomtest(...).proportion_ci`;
- difference in differences: with each person's situation at entry and at the horizon, the
  estimate is the difference between the two groups' mean change in employment; its confidence
  interval is Welch's two-sample t interval on those changes (`scipy.stats.ttest_ind`, unequal
  variances) — the same estimate as the regression y = a + b·groupe + c·après + d·groupe×après on
  a balanced panel, with a variance that allows the two groups to differ.
"""

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

DAYS_PER_MONTH = 365.25 / 12
CONFIDENCE = 0.95


@dataclass
class Survival:
    """A Kaplan–Meier curve of « still without a job », times in days since entry."""

    times: np.ndarray  # distinct times of events or censoring, ascending
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    durations: np.ndarray = field(repr=False)  # every person's time (event or censoring)
    n: int = 0
    events: int = 0
    censored: int = 0

    def at(self, days):
        """(survival, low, high) just after `days` (the step function is right-continuous)."""
        index = np.searchsorted(self.times, days, side="right") - 1
        if index < 0:
            return 1.0, 1.0, 1.0
        return float(self.survival[index]), float(self.low[index]), float(self.high[index])

    def at_risk(self, days):
        """People still followed and without a job just before `days`."""
        return int(np.count_nonzero(self.durations >= days))

    def events_by(self, days):
        return self.n - self.at_risk(days) - self.censored_by(days)

    def censored_by(self, days):
        return int(self._censored_times[self._censored_times < days].size)

    _censored_times: np.ndarray = field(default=None, repr=False)

    def median_days(self):
        """The first time the curve reaches 0.5 or below (None when it never does)."""
        reached = np.nonzero(self.survival <= 0.5)[0]
        return float(self.times[reached[0]]) if reached.size else None


def kaplan_meier(groups):
    """`groups`: iterable of (days, is_event, count) — people grouped by time and outcome, as the
    database counts them. Returns a Survival, or None when there is nobody."""
    events, censored = [], []
    for days, is_event, count in groups:
        (events if is_event else censored).append((float(days), int(count)))
    event_times = np.repeat([d for d, _ in events], [c for _, c in events]) if events else np.array([])
    censored_times = np.repeat([d for d, _ in censored], [c for _, c in censored]) if censored else np.array([])
    n = event_times.size + censored_times.size
    if n == 0:
        return None
    durations = np.concatenate([event_times, censored_times])
    if event_times.size == 0:
        times = np.unique(censored_times)
        ones = np.ones(times.size)
        curve = Survival(times, ones, ones, ones, durations, n, 0, censored_times.size)
    else:
        from scipy.stats import CensoredData, ecdf  # scipy loads in ~0.8 s: only where it is used

        result = ecdf(CensoredData(uncensored=event_times, right=censored_times))
        with warnings.catch_warnings():
            # Undefined where the curve is at 1 or 0 (log of 0): those ends are set just below.
            warnings.simplefilter("ignore", RuntimeWarning)
            interval = result.sf.confidence_interval(CONFIDENCE, method="log-log")
        survival = result.sf.probabilities
        low = np.nan_to_num(interval.low.probabilities, nan=0.0)
        high = np.nan_to_num(interval.high.probabilities, nan=1.0)
        low = np.where(survival >= 1.0, 1.0, low)
        high = np.where(survival <= 0.0, 0.0, high)
        curve = Survival(result.sf.quantiles, survival, low, high, durations, n, event_times.size, censored_times.size)
    curve._censored_times = censored_times
    return curve


def months_to_days(months):
    return months * DAYS_PER_MONTH


def wilson(successes, trials):
    """The 95 % Wilson interval of a share, or None without trials."""
    if not trials:
        return None
    from scipy.stats import binomtest

    interval = binomtest(int(successes), int(trials)).proportion_ci(CONFIDENCE, method="wilson")
    return float(interval.low), float(interval.high)


@dataclass
class DiD:
    """Difference in differences of the share in employment between entry and a horizon."""

    months: int
    treated_n: int
    control_n: int
    treated_before: float
    treated_after: float
    control_before: float
    control_after: float
    estimate: float
    low: float | None
    high: float | None
    pvalue: float | None


def changes(counts):
    """Each person's change in employment (−1, 0, 1) from counts {(before, after): n} with
    before / after in {0, 1}."""
    values = []
    for (before, after), n in counts.items():
        values.extend([after - before] * int(n))
    return np.array(values, dtype=float)


def difference_in_differences(months, treated, control):
    """`treated`, `control`: {(employed at entry, employed at the horizon): people} (0 or 1 each).
    None when either group is empty."""
    t, c = changes(treated), changes(control)
    if t.size == 0 or c.size == 0:
        return None

    def share(counts, index):
        total = sum(counts.values())
        return sum(n for key, n in counts.items() if key[index]) / total

    estimate = float(t.mean() - c.mean())
    low = high = pvalue = None
    if t.size > 1 and c.size > 1 and (t.var() > 0 or c.var() > 0):
        from scipy.stats import ttest_ind

        test = ttest_ind(t, c, equal_var=False)
        interval = test.confidence_interval(CONFIDENCE)
        low, high, pvalue = float(interval.low), float(interval.high), float(test.pvalue)
        if math.isnan(low) or math.isnan(high):
            low = high = pvalue = None
    return DiD(
        months,
        int(t.size),
        int(c.size),
        share(treated, 0),
        share(treated, 1),
        share(control, 0),
        share(control, 1),
        estimate,
        low,
        high,
        pvalue,
    )
