"""One innovation's report as of a date: identity, steps, adoptions, figures over time,
drop-outs, evaluation phases and what the documents published about it.

Everything is read from dated records and from the consolidation engine, so the report drawn
as of a past date comes out as it was then.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from essaim.evaluation import measures
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator, Value
from essaim.innovations.enums import Step
from essaim.swarming.enums import AdoptionStatus

EVALUATION_PHASES = [(1, Step.EVALUATION_1), (2, Step.EVALUATION_2), (3, Step.EVALUATION_3)]
MAX_POINTS = 24  # figures over time: the latest period ends, at most this many


@dataclass
class InnovationReport:
    innovation: object
    as_of: date
    steps: list
    phases: list  # [(number, reached on or None)]
    adoptions: list  # [(adoption, status on as_of)]
    by_status: list  # [{"code", "label", "count"}]
    by_departement: list  # [(Departement or None, count)]
    dropouts: tuple  # (abandoned, selected)
    indicators: list
    cells: dict  # indicator code → Cell as of the date
    series: list = field(default_factory=list)  # [(day, {code: Cell})]
    published: list = field(default_factory=list)

    @property
    def dropout_rate(self):
        abandoned, selected = self.dropouts
        return round(100 * abandoned / selected) if selected else None


def status_on(adoption, day):
    entries = [e for e in adoption.status_changes.all() if e.on <= day]
    return AdoptionStatus(entries[-1].status) if entries else None


def figure_days(innovation, as_of):
    """The period ends of the innovation's values up to the date (the latest MAX_POINTS), and
    the date itself."""
    ends = (
        Value.objects.filter(innovation=innovation, period_end__lte=as_of)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()[:MAX_POINTS]
    )
    return sorted(set(ends) | {as_of})


def cells_of(table, innovation):
    return next((row.cells for row in table.rows if row.innovation.pk == innovation.pk), {})


def build(innovation, as_of):
    steps = [s for s in innovation.step_changes.select_related("source") if s.on <= as_of]
    reached = {s.step: s.on for s in steps}
    phases = [(number, reached.get(step)) for number, step in EVALUATION_PHASES]

    adoptions = [
        (adoption, status_on(adoption, as_of))
        for adoption in innovation.adoptions.filter(since__lte=as_of)
        .select_related("structure", "structure__departement")
        .prefetch_related("status_changes")
        .order_by("structure__sort_name", "structure_id")
    ]
    counts = Counter(status for _, status in adoptions if status)
    by_status = [{"code": s.value, "label": s.label, "count": counts.get(s, 0)} for s in AdoptionStatus]
    counted = [a for a, status in adoptions if status in AdoptionStatus.counted()]
    departements = Counter(a.structure.departement for a in counted)
    by_departement = sorted(departements.items(), key=lambda item: (item[0] is None, item[0] and item[0].code))

    selected, abandoned = measures.dropouts(as_of).get(innovation.pk, (0, 0))
    indicators = list(Indicator.objects.all())
    days = figure_days(innovation, as_of)
    series = [(day, cells_of(consolidate(day, innovations=[innovation]), innovation)) for day in days]
    cells = series[-1][1] if series else {}
    return InnovationReport(
        innovation=innovation,
        as_of=as_of,
        steps=steps,
        phases=phases,
        adoptions=adoptions,
        by_status=by_status,
        by_departement=by_departement,
        dropouts=(abandoned, selected),
        indicators=indicators,
        cells=cells,
        series=series,
        published=list(innovation.published_figures.select_related("source").order_by("key")),
    )
