"""Time to first job: the Kaplan–Meier curve of each group of a scope, counted in the database,
cut where too few people remain at risk for an aggregated viewer. See docs/followup.md.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, ExpressionWrapper, F, IntegerField, Q, Value, When

from essaim.followup import estimators
from essaim.followup.enums import Arm
from essaim.followup.viewer import Figure

KM_MONTHS = (0, 3, 6, 9, 12, 18, 24)
KM_GRID_MAX = 36


@dataclass
class SurvivalView:
    arm: str
    curve: object  # estimators.Survival
    n: Figure
    points: list  # (months, survival %, low %, high %)
    table: list  # (months, at risk or None, events or None, censored or None, survival %, low %, high %)
    truncated_at: int | None = None
    median_months: float | None = None


def survival_groups(enrolments, as_of):
    """(days, is event, people) for the Kaplan–Meier estimator, grouped in the database: an event
    is a first job by `as_of`; otherwise the person is censored at their last situation by then,
    or at `as_of` itself when they were still followed after it."""
    job = Q(first_job_on__isnull=False, first_job_on__lte=as_of)
    seen = Q(last_seen_on__isnull=False, last_seen_on__lte=as_of)
    kind = Case(When(job, then=Value("event")), When(seen, then=Value("seen")), default=Value("open"))
    days = Case(
        When(job, then=F("job_days")),
        When(seen, then=F("seen_days")),
        default=Value(None),
        output_field=IntegerField(),
    )
    since = Case(When(job | seen, then=Value(None)), default=F("entered_on"))
    rows = (
        enrolments.order_by()
        .annotate(kind=ExpressionWrapper(kind, output_field=CharField()), days=days, since=since)
        .values("kind", "days", "since")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["kind"] == "open":
            yield (as_of - row["since"]).days, False, row["n"]
        else:
            yield row["days"], row["kind"] == "event", row["n"]


def survival_views(enrolments, as_of, viewer, total, control_tally):
    views = {}
    arms = [(Arm.INNOVATION, total.entered if total else Figure(0))]
    if control_tally is not None and control_tally.entered:
        control_n = control_tally.entered
        secret = not viewer.exact and 0 < control_n < viewer.threshold
        arms.append((Arm.COMPARISON, Figure(None, True) if secret else Figure(control_n)))
    for arm, n in arms:
        if n.secret or not n.value:
            continue
        curve = estimators.kaplan_meier(survival_groups(enrolments.filter(arm=arm), as_of))
        if curve is None:
            continue
        views[arm] = survival_view(arm, curve, n, viewer)
    return views


def survival_view(arm, curve, n, viewer):
    limit = None if viewer.exact else viewer.threshold
    points, truncated = [], None
    for month in range(0, KM_GRID_MAX + 1):
        days = estimators.months_to_days(month)
        if month and curve.at_risk(days) == 0:
            break
        if limit and curve.at_risk(days) < limit:
            truncated = month
            break
        s, low, high = curve.at(days)
        points.append((month, 100 * s, 100 * low, 100 * high))
    table = []
    for month in KM_MONTHS:
        days = estimators.months_to_days(month)
        if truncated is not None and month >= truncated:
            break
        at_risk = curve.at_risk(days)
        if month and at_risk == 0:
            break
        s, low, high = curve.at(days)
        exact = viewer.exact
        table.append(
            (
                month,
                at_risk,
                curve.events_by(days + 1) if exact else None,
                curve.censored_by(days + 1) if exact else None,
                100 * s,
                100 * low,
                100 * high,
            )
        )
    median = curve.median_days()
    median_months = median / estimators.DAYS_PER_MONTH if median is not None else None
    if truncated is not None and median_months is not None and median_months >= truncated:
        median_months = None
    return SurvivalView(arm, curve, n, points, table, truncated, median_months)
