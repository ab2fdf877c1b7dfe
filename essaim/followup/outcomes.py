"""Cohort outcomes: where the people who entered an innovation are 6, 12 and 18 months later.

`compute` reads the protected cubes of a scope (`protected_cubes`, built from the counts of
`cohort_counts`) and turns them into lines of figures and shares, per innovation or per value of a
breakdown (structure, entry cohort, public), as the viewer may read them. The reference rates, the
difference in differences and the Kaplan–Meier curves (`survival`) come from the same counts. See
docs/followup.md.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from essaim.followup import estimators, reference_rates
from essaim.followup.cohort_counts import (
    ALL,
    COLUMNS,
    DIMENSIONS,
    ENTERED,
    INTERVALS,
    SHARES,
    Dimension,
    Tally,
    build_tallies,
)
from essaim.followup.enums import HORIZONS, Arm
from essaim.followup.models import Beneficiary
from essaim.followup.protected_cubes import Computation
from essaim.followup.survival import survival_views
from essaim.followup.viewer import Figure, Share, Viewer


@dataclass
class Line:
    key: object
    label: str
    entered: Figure
    horizons: dict  # months → {column: Figure}
    shares: dict  # months → {column: Share}
    asp_rate: dict  # months → Share (sorties dynamiques among exits)
    total: bool = False


@dataclass
class Outcomes:
    as_of: date
    breakdown: Dimension
    scope_label: str
    lines: list
    total: Line | None
    viewer: Viewer
    survival: dict = field(default_factory=dict)  # arm → SurvivalView
    did: list = field(default_factory=list)
    references: list = field(default_factory=list)
    demo: int = 0
    suppressed: int = 0
    unresolved: int = 0


def compute(as_of, *, breakdown="innovation", innovation=None, structure=None, viewer=None, labels=None):
    """The cohort outcomes as of `as_of`, for every innovation or one (`structure`: only that
    structure's people, for those who see them), broken down by a dimension, as `viewer` may
    read them. `labels`: {innovation id: name, "values": {value: label}}."""
    viewer = viewer or Viewer()
    dimension = DIMENSIONS[breakdown]
    work = Computation(as_of, viewer, structure)
    if breakdown == "innovation" or innovation is not None or dimension.nested:
        tally_of, suppressed, values, _ = work.cube(breakdown)
    else:
        tally_of, suppressed, values, _, _ = work.programme_cube(breakdown)
    labels = labels or {}
    scope = innovation.pk if innovation is not None else ALL
    lines = []
    if breakdown == "innovation":
        shown = sorted({k[0] for k in tally_of if k[0] != ALL}, key=lambda i: labels.get(i, str(i)))
        if innovation is not None:
            shown = [innovation.pk] if innovation.pk in shown else []
        for inno in shown:
            lines.append(make_line(tally_of, suppressed, inno, ALL, labels.get(inno, str(inno))))
    else:
        if breakdown == "year":
            values = [v for v in values if " " not in str(v)]
        elif breakdown == "quarter":
            values = [v for v in values if " " in str(v)]
        value_labels = dict(dimension.values) if dimension.values else labels.get("values", {})
        for value in values:
            if (scope, value) in tally_of:
                lines.append(make_line(tally_of, suppressed, scope, value, value_labels.get(value, str(value))))
    total = None
    if (scope, ALL) in tally_of:
        total = make_line(tally_of, suppressed, scope, ALL, "Ensemble", total=True)
    result = Outcomes(
        as_of,
        dimension,
        labels.get(scope, "Toutes les innovations") if scope != ALL else "Toutes les innovations",
        lines,
        total,
        viewer,
        suppressed=len(suppressed),
    )
    comparison = build_tallies(work.raw, arm=Arm.COMPARISON)
    result.did = did_views(work.base, comparison, scope, viewer)
    result.references = reference_views(work, scope, innovation)
    enrolments = work.enrolments if innovation is None else work.enrolments.filter(innovation=innovation)
    result.survival = survival_views(enrolments, as_of, viewer, total, comparison.get((scope, ALL)))
    result.demo = demo_count(enrolments)
    result.unresolved = work.unresolved
    return result


def demo_count(enrolments):
    """Fictitious people in the scope (few, found through the partial index on is_demo)."""
    demo = Beneficiary.objects.filter(is_demo=True)
    return enrolments.filter(beneficiary__in=demo).count() if demo.exists() else 0


@dataclass
class ReferenceView:
    rate: object  # reference_rates.Rate
    cohort: Share
    base: Figure


def reference_views(work, scope, innovation):
    """Each reference rate beside the cohort's share for the same measure, sub-public and horizon.
    For the programme, one query gives the three publics the rates are about."""
    views = []
    horizons = tuple(sorted({r.horizon for r in reference_rates.RATES}))
    source = None
    if innovation is None:
        keys = list(reference_rates.DIMENSIONS)
        source = (keys, *work.query(keys, horizons, by_innovation=False))
    for rate in reference_rates.RATES:
        if rate.dimension:
            if innovation is None:
                tally_of, suppressed, *_ = work.programme_cube(rate.dimension, horizons, source)
            else:
                tally_of, suppressed, _, _ = work.cube(rate.dimension)
            value = rate.value
        else:
            tally_of, suppressed, _, _ = work.cube("innovation")
            value = ALL
        if (scope, value) not in tally_of:
            views.append(ReferenceView(rate, Share(None), Figure(0)))
            continue
        line = make_line(tally_of, suppressed, scope, value, rate.label)
        views.append(ReferenceView(rate, line.shares[rate.horizon][rate.measure], line.horizons[rate.horizon]["base"]))
    return views


def make_line(tally_of, suppressed, inno, value, label, total=False):
    tally = tally_of.get((inno, value), Tally())
    key = (None, inno, value, ENTERED)
    entered = Figure(None, True) if key in suppressed else Figure(tally.entered)
    horizons, shares, asp = {}, {}, {}
    for h in HORIZONS:
        columns = tally.columns(h)
        figures = {}
        for name in COLUMNS:
            secret = (h, inno, value, name) in suppressed
            figures[name] = Figure(None, True) if secret else Figure(columns[name])
        horizons[h] = figures
        shares[h] = {name: share(figures[name], figures["base"], name in INTERVALS) for name in SHARES}
        asp[h] = share(figures["dynamic"], figures["exits"])
    return Line((inno, value), label, entered, horizons, shares, asp, total)


def share(part, whole, interval=True):
    if part.secret or whole.secret:
        return Share(None, True)
    if not whole.value:
        return Share(None)
    percent = 100.0 * part.value / whole.value
    return Share(percent, False, (part.value, whole.value) if interval else None)


# -- difference in differences -------------------------------------------------------------------
@dataclass
class DiDView:
    months: int
    result: object = None  # estimators.DiD
    reason: str = ""


def did_views(treated_of, control_of, scope, viewer):
    treated, control = treated_of.get((scope, ALL)), control_of.get((scope, ALL))
    if control is None or not control.entered:
        return []
    views = []
    for h in HORIZONS:
        t, c = treated.panel[h] if treated else Counter(), control.panel[h]
        result = estimators.difference_in_differences(h, dict(t), dict(c))
        if result is None:
            views.append(DiDView(h, reason="pas encore de personnes des deux groupes à cette échéance"))
            continue
        if not viewer.exact and not publishable_panel(t, c, viewer.threshold):
            views.append(DiDView(h, reason=f"effectifs trop petits pour être publiés (moins de {viewer.threshold})"))
            continue
        views.append(DiDView(h, result))
    return views


def publishable_panel(treated, control, threshold):
    """Every count behind the estimate (per group: people, employed at entry, employed then, and
    their complements) is 0 or at least the threshold."""
    for counts in (treated, control):
        n = sum(counts.values())
        before = sum(v for k, v in counts.items() if k[0])
        after = sum(v for k, v in counts.items() if k[1])
        for count in (n, before, n - before, after, n - after):
            if 0 < count < threshold:
                return False
    return True
