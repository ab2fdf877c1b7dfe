"""Published figures against computed ones: where the documents and the records disagree.

Each published figure that names a measure (reference/models.py) is computed again as of the
date it describes — a count of `measures.COUNTS` or a consolidated indicator, for its innovation
or the programme — and the two are set side by side. A figure published as a whole number
agrees with a computed ratio that rounds to it (the report's "≈ 12 persons per structure").
"""

from dataclasses import dataclass

from essaim.core.cache import rendered
from essaim.core.figures import Cell, CellStatus
from essaim.evaluation import measures
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator
from essaim.reference.models import PublishedFigure

SAME = "same"
DIFFERENT = "different"
NOT_COMPUTED = "not_computed"
VERDICTS = {SAME: "identique", DIFFERENT: "différent", NOT_COMPUTED: "non calculable à cette date"}
GROUPS = {
    DIFFERENT: "Chiffres différents",
    NOT_COMPUTED: "Chiffres non calculables à leur date",
    SAME: "Chiffres identiques",
}


@dataclass
class Comparison:
    figure: PublishedFigure
    computed: object  # a consolidation Cell
    verdict: str
    measure_label: str = ""  # what was computed, under the label it has on every page

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]

    @property
    def group_label(self):
        return GROUPS[self.verdict]


def agree(published, cell):
    if published in ("nc", "ne"):
        return not cell.has_number and cell.status == published
    if not cell.has_number:
        return False
    value = cell.value
    if isinstance(value, float):
        value = round(value)
    return int(published) == value  # a partial total can match a total published partial


def verdict(published, cell):
    if not cell.has_number and cell.status == CellStatus.MISSING:
        return NOT_COMPUTED
    return SAME if agree(published, cell) else DIFFERENT


class Computer:
    """Computes measures, keeping one consolidated table per date."""

    def __init__(self):
        self.tables = {}
        self.memo = {}  # what several counts on the same date share (measures.count)
        self.indicators = {i.code: i for i in Indicator.objects.all()}

    def table(self, as_of):
        if as_of not in self.tables:
            self.tables[as_of] = consolidate(as_of)
        return self.tables[as_of]

    def cell(self, measure, as_of, innovation=None):
        if measure in measures.COUNTS:
            return measures.count(measure, as_of, innovation, memo=self.memo)
        table = self.table(as_of)
        if innovation is None:
            return table.total[measure]
        for row in table.rows:
            if row.innovation.pk == innovation.pk:
                return row.cells[measure]
        return Cell()


def comparisons(figures=None):
    """Every published figure that can be checked, with its computed counterpart; differences
    first, then figures not computable on their date, then agreements."""
    figures = figures if figures is not None else PublishedFigure.objects.exclude(measure="").exclude(as_of=None)
    computer = Computer()
    found = []
    for figure in figures.select_related("source", "innovation"):
        cell = computer.cell(figure.measure, figure.as_of, figure.innovation)
        label = measures.label(figure.measure, computer.indicators)
        found.append(Comparison(figure, cell, verdict(figure.value, cell), label))
    order = {DIFFERENT: 0, NOT_COMPUTED: 1, SAME: 2}
    found.sort(key=lambda c: (order[c.verdict], c.figure.as_of, c.figure.key))
    return found


# The counts of an innovation's adoptions that its page shows (innovations/_life.html).
ADOPTION_MEASURES = (
    "trained",
    "trained_abandoned",
    "trained_considering",
    "trained_implementing",
    "trained_adapted",
    "trained_paused",
    "dropouts_selected",
    "dropouts_abandoned",
)


def adoption_figures(innovation):
    """What the documents published about what became of an innovation's adoptions, each beside
    the same count computed from the status history on the date it describes."""
    figures = PublishedFigure.objects.filter(innovation=innovation, measure__in=ADOPTION_MEASURES)
    found = comparisons(figures.exclude(as_of=None))
    return {"different": [c for c in found if c.verdict == DIFFERENT], "n_same": sum(c.verdict == SAME for c in found)}


def beside_adoptions(request, innovation):
    """Fills the slot « innovation_adoptions » of the innovation's page (core/slots.py): the
    published figures there, where they differ from the records, with their source."""
    parts = {"beside": "reports/_published_beside.html"}
    return rendered("published_beside", (innovation.pk,), parts, lambda: adoption_figures(innovation))["beside"]
