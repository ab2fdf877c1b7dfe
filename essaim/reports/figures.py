"""The programme's key figures, computed from the records (read-only)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from essaim.core.figures import Cell
from essaim.evaluation import measures
from essaim.evaluation.consolidation import consolidate, expected_units
from essaim.grids.plans import standings as evaluation_standings
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption
from essaim.territories.models import Departement, Region


def key_figures():
    counted = Adoption.objects.counted()
    structures = Structure.objects.filter(adoptions__in=counted).distinct()
    return {
        "innovations": Innovation.objects.count(),
        "innovations_in_accelerator": Innovation.objects.in_accelerator().count(),
        "adoptions": Adoption.objects.count(),
        "adoptions_counted": counted.count(),
        "adoptions_by_status": Adoption.objects.count_by_status(),
        "structures": structures.count(),
        "structures_unnamed": structures.filter(is_placeholder=True).count(),
        "structures_without_departement": structures.filter(departement__isnull=True).count(),
        "departements": Departement.objects.filter(structures__in=structures).distinct().count(),
        "regions": Region.objects.filter(departements__structures__in=structures).distinct().count(),
    }


def innovations_overview():
    """Every innovation with its adoption counts, for the dashboard table."""
    counted = Q(adoptions__status__in=AdoptionStatus.counted())
    return (
        Innovation.objects.select_related("porteur")
        .annotate(
            n_adoptions=Count("adoptions"),
            n_counted=Count("adoptions", filter=counted),
            n_abandoned=Count("adoptions", filter=Q(adoptions__status=AdoptionStatus.ABANDONED)),
        )
        .order_by("entered_on", "code")
    )


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


# The brochure's key figures ("Les chiffres clés de l'AIS#Emploi"), each a count or a
# consolidated total: (code, label, measure).
BROCHURE = [
    ("innovations", "innovations accompagnées", "innovations"),
    ("structures", "structures essaimées", "structures_reached"),
    ("people", "personnes concernées (DELD et jeunes)", "people_reached"),
    ("professionals", "professionnels impliqués", "professionals_involved"),
    ("companies", "entreprises et partenaires privés impliqués", "companies_involved"),
    ("departements", "départements couverts", "departements"),
]


@dataclass
class KeyFigure:
    code: str
    label: str
    cell: Cell


def brochure_figures(as_of, table=None):
    """The key figures as of a date, computed: counts from the records, totals from the
    consolidated table (partial totals stay marked as such)."""
    table = table or consolidate(as_of)
    found = []
    for code, label, measure in BROCHURE:
        cell = measures.count(measure, as_of) if measure in measures.COUNTS else table.total.get(measure, Cell())
        found.append(KeyFigure(code, label, cell))
    return found
