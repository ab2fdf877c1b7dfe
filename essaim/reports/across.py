"""Several programmes side by side, for a funder or a ministry that finances them: each
programme's figures are its own consolidated table's totals, computed inside that programme; a
total across them is made only for the same indicator (a code of the shared standard set), by
the engine (`total_across`). A programme's own indicators stay in its column, and counts of
structures or territories, which programmes share, are never added up."""

from dataclasses import dataclass, field

from essaim.core.figures import Cell
from essaim.evaluation import measures
from essaim.evaluation.consolidation import total_across
from essaim.evaluation.models import Indicator
from essaim.programmes import scope
from essaim.reports.figures import consolidated_table

# The counts shown beside the indicators, and those that add up across programmes: records that
# belong to one programme (its innovations). Structures and territories are one registry: a
# structure in two programmes would be counted twice.
COUNTS = ["innovations", "innovations_swarmed", "structures_followed", "departements", "regions"]
ADDITIVE_COUNTS = {"innovations", "innovations_swarmed"}


@dataclass
class Column:
    programme: object
    table: object  # the programme's consolidated table
    total: dict  # {code: Cell}: its totals
    counts: dict  # {code: Cell}
    own: list = field(default_factory=list)  # [(indicator, Cell)]: the programme's own indicators
    innovations: int = 0


@dataclass
class Line:
    label: str
    cells: list  # one Cell per column
    across: Cell | None  # None: not added up across programmes
    code: str = ""
    definition: str = ""


def side_by_side(programmes, day, version=None):
    """The columns (one per programme, in the order given) and the lines: the counts, then the
    shared indicators, each with its total across programmes where one may be made."""
    columns = []
    for programme in programmes:
        with scope.activate(programme):
            table = consolidated_table(day, version)
            memo = {}
            counts = {code: measures.count(code, day, memo=memo) for code in COUNTS}
            own = [(i, table.total.get(i.code, Cell())) for i in table.indicators if i.programme_id == programme.pk]
        columns.append(Column(programme, table, table.total, counts, own, len(table.rows)))
    with scope.unscoped():
        shared = list(Indicator.objects.filter(programme=None))
    across = total_across([c.total for c in columns], shared)
    counts = [
        Line(
            measures.label(code),
            [c.counts[code] for c in columns],
            add_counts([c.counts[code] for c in columns]) if code in ADDITIVE_COUNTS else None,
            code,
            measures.definition(code),
        )
        for code in COUNTS
    ]
    indicators = [
        Line(i.label, [c.total.get(i.code, Cell()) for c in columns], across[i.code], i.code, i.description)
        for i in shared
    ]
    return {"columns": columns, "counts": counts, "indicators": indicators}


def add_counts(cells):
    return measures.count_cell(sum(c.value or 0 for c in cells))
