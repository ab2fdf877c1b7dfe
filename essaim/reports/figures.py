"""The programme's key figures, computed from the records (read-only)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize

from essaim.core.cache import cached
from essaim.core.figures import Cell
from essaim.evaluation import measures
from essaim.evaluation.consolidation import consolidate, expected_units
from essaim.evaluation.models import Indicator
from essaim.grids.plans import standings as evaluation_standings
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.swarming.models import Adoption


def consolidated_table(day, version=None):
    """The engine's table for a date, computed once per state of the data (and per programme)."""
    return cached("consolidate", (day,), lambda: consolidate(day), version)


def innovations_overview(as_of, table=None, memo=None):
    """Every innovation with its structures on `as_of`, for the dashboard table: the structures
    essaimées it declared (the consolidated indicator), the structures suivies (adoptions
    recorded and expected), the drop-outs (measures), each under the label it has everywhere."""
    table = table or consolidate(as_of)
    declared = {row.innovation.pk: row.cells.get("structures_reached", Cell()) for row in table.rows}
    units = measures.remembered(memo, expected_units, as_of)
    drops = measures.dropouts(as_of, measures.remembered(memo, measures.histories, as_of))
    innovations = list(Innovation.objects.select_related("porteur").order_by("entered_on", "code"))
    for innovation in innovations:
        innovation.declared = declared.get(innovation.pk, Cell())
        innovation.followed = len(units.get(innovation.pk, ()))
        innovation.selected, innovation.abandoned = drops.get(innovation.pk, (0, 0))
    return innovations


BOARD_COLUMNS = [
    ("identification", "Étape 0", "Identification", [Step.IDENTIFICATION]),
    ("feasibility", "Étape I", "Étude de faisabilité", [Step.FEASIBILITY]),
    ("mobilisation", "Étape II", "Mobilisation", [Step.MOBILISATION]),
    ("swarming", "Étape III", "Essaimage", [Step.SWARMING]),
    ("evaluation", "Étape IV", "Évaluation (3 phases)", [Step.EVALUATION_1, Step.EVALUATION_2, Step.EVALUATION_3]),
    ("out", "Hors accélérateur", "Sorties et pauses", [Step.EXITED, Step.PAUSED]),
]


def method_board(day):
    """Each innovation placed on the step it was at on `day` (the 2018 roadmap view)."""
    innovations = Innovation.objects.select_related("porteur").prefetch_related("step_changes")
    units = expected_units(day)  # the engine's definition of the structures that count
    plans = evaluation_standings(day)  # where each innovation stands in its evaluation plan
    columns = [
        {"key": key, "stage": stage, "title": title, "steps": steps, "cards": []}
        for key, stage, title, steps in BOARD_COLUMNS
    ]
    not_yet = []
    for innovation in innovations.order_by("entered_on", "code"):
        entries = [e for e in innovation.step_changes.all() if e.on <= day]
        if not entries:
            not_yet.append(innovation)
            continue
        current = entries[-1]
        card = {
            "innovation": innovation,
            "step": Step(current.step),
            "since": current.on,
            "structures": len(units.get(innovation.pk, ())),
            "evaluation": plans.get(innovation.pk),
        }
        for column in columns:
            if current.step in column["steps"]:
                column["cards"].append(card)
    return {"columns": columns, "not_yet": not_yet}


# The key figures, by measure (evaluation/measures.py): the public page shows the brochure's
# ("Les chiffres clés de l'AIS#Emploi"), the dashboard the programme team's. A figure's label
# is its measure's, so that the same words mean the same number on every page.
PUBLIC = [
    "innovations",
    "structures_reached",
    "people_reached",
    "professionals_involved",
    "companies_involved",
    "departements",
]
DASHBOARD = ["innovations", "structures_reached", "structures_followed", "departements"]


@dataclass
class KeyFigure:
    code: str  # the measure
    label: str
    cell: Cell
    definition: str  # what it counts, in one sentence
    detail: str = ""  # a line beneath, on the dashboard

    @property
    def consolidated(self):
        """A total of the consolidated table (else a count of the records)."""
        return self.code not in measures.COUNTS


def key_figures(as_of, codes=PUBLIC, table=None, memo=None):
    """The key figures `codes` as of a date: counts from the records, totals from the
    consolidated table (partial totals stay marked as such)."""
    table = table or consolidate(as_of)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    memo = {} if memo is None else memo
    found = []
    for code in codes:
        cell = measures.count(code, as_of, memo=memo) if code in measures.COUNTS else table.total.get(code, Cell())
        found.append(KeyFigure(code, measures.label(code, indicators), cell, measures.definition(code, indicators)))
    return found


def dashboard_figures(as_of, table=None, memo=None):
    """The dashboard's key figures on `as_of`, each with the line beneath it, and the adoptions
    by status. `table`, `memo`: the consolidated table and the counts' memo, when the page
    already has them."""
    memo = {} if memo is None else memo
    key = {figure.code: figure for figure in key_figures(as_of, DASHBOARD, table, memo)}
    followed = Structure.objects.filter(pk__in=set().union(*measures.remembered(memo, expected_units, as_of).values()))
    in_accelerator = Innovation.objects.in_accelerator().count()
    key["innovations"].detail = f"dont {in_accelerator} encore dans l'accélérateur"
    counted = followed.aggregate(
        unnamed=Count("pk", filter=Q(is_placeholder=True)), nowhere=Count("pk", filter=Q(departement__isnull=True))
    )
    unnamed, nowhere = counted["unnamed"], counted["nowhere"]
    key["structures_followed"].detail = f"dont {unnamed} non nommées dans les sources" if unnamed else "toutes nommées"
    regions = measures.count("regions", as_of, memo=memo).value
    key["departements"].detail = f"dans {regions} région{pluralize(regions)}" + (
        f" · {nowhere} structure{pluralize(nowhere)} sans département connu" if nowhere else ""
    )
    by_status = Adoption.objects.count_by_status()
    return {
        "key": list(key.values()),
        "adoptions_by_status": by_status,
        "adoptions": sum(s["count"] for s in by_status),
    }
