"""The embedded evaluation of the synthetic programme (docs/grids.md): for each innovation an
evaluation plan of three phases dated 6, 12 and 18 months after its last training (as
`grids.plans.create_plan` dates them), a grid of four to eight items on one of the standard
scales, ratings of the adopting structures in the phases its step has reached, and a few findings.

Ratings follow the rules of the pages: a phase is rated only once its date has passed, only for
the adoptions expected on that date (begun, not abandoned); one structure in ten is missing from
a phase, 3 % of the cells are not rated and 7 % are « non renseigné »; each structure has its own
level, improving from phase to phase. Phases before the one rated last have their report delivered.
"""

import datetime
import json

from django.db.models import Q

from essaim.grids.enums import PHASES, CollectionMethod, FindingKind, PhaseStatus
from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation, Scale
from essaim.grids.plans import default_dates
from essaim.innovations.enums import Step
from essaim.synthetic.common import KEY, PREFIX, adoptions, innovations, structures
from essaim.synthetic.tables import delete_all, write_rows

SCALES = ["oui-en-cours-non", "positif-partiel-negatif", "fidelite-1-5"]
TITLES = {"fidelite-1-5": "Échelle de fidélité", None: "Grille d'appropriation"}
# (key, label) of the items a grid draws from.
ITEMS = [
    ("diagnostic", "Diagnostic de la structure réalisé"),
    ("referent", "Référent de la démarche désigné"),
    ("equipe-formee", "Équipe formée à la démarche"),
    ("outils", "Outils de la démarche utilisés au quotidien"),
    ("partenaires", "Partenaires du territoire mobilisés"),
    ("entreprises", "Entreprises associées à l'accompagnement"),
    ("publics", "Publics visés effectivement accueillis"),
    ("suivi", "Suivi des parcours tenu à jour"),
    ("gouvernance", "Démarche inscrite dans le projet de la structure"),
    ("financement", "Financement de la démarche assuré"),
    ("lieu", "Lieu ou temps dédié ouvert"),
    ("essaimage", "Démarche transmise à d'autres équipes"),
]
RATED_PHASES = {Step.EVALUATION_1: 1, Step.EVALUATION_2: 2, Step.EVALUATION_3: 3}
MISSING_STRUCTURE, NOT_RATED, UNKNOWN = 0.10, 0.03, 0.07
FINDINGS = {  # kind: text
    FindingKind.EFFECT.value: "Les équipes se sont approprié les outils de la démarche (constat synthétique).",
    FindingKind.DIFFICULTY.value: "Le renouvellement des encadrants ralentit la mise en œuvre (constat synthétique).",
    FindingKind.QUOTE.value: "« On a changé notre façon d'accompagner » (citation synthétique).",
}
THEMES = ["Appropriation", "Partenariats", "Moyens humains", "Publics accueillis"]


def remove():
    grids = Grid.objects.filter(innovation__in=innovations())
    delete_all(
        Observation.objects.filter(adoption__in=adoptions()),
        Finding.objects.filter(Q(innovation__in=innovations()) | Q(structure__in=structures())),
        EvaluationPhase.objects.filter(innovation__in=innovations()),
        GridItem.objects.filter(grid__in=grids),
        grids,
    )


def scales():
    """[(scale id, scored level ids from the lowest score, « non renseigné » level id)]."""
    found = []
    for scale in Scale.objects.filter(code__in=SCALES).prefetch_related("levels").order_by("code"):
        levels = scale.levels_in_order()
        scored = [level.pk for level in sorted((lv for lv in levels if lv.score is not None), key=lambda lv: lv.score)]
        unknown = next((level.pk for level in levels if level.score is None), None)
        if scored and unknown:
            found.append((scale.pk, scored, unknown))
    return found


def stamp(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def generate(rng, innovations, units_of, now, today):
    """Write grids, plans, ratings and findings for `innovations` [(pk, code, step)] whose
    adoptions are `units_of[innovation id]`; return the counts."""
    counts = dict.fromkeys(("grids", "grid_items", "evaluation_phases", "observations", "findings"), 0)
    available = scales()
    if not available:
        return counts  # no standard scale (a database without the migration's data)
    chosen = {pk: rng.choice(available) for pk, _, _ in innovations}
    titles = {scale_id: TITLES.get(code, TITLES[None]) for scale_id, code in Scale.objects.values_list("pk", "code")}
    write_rows(
        "grids_grid",
        ["innovation_id", "scale_id", "title", "description"],
        (
            (pk, chosen[pk][0], f"{titles[chosen[pk][0]]} synthétique ({code})", "Grille générée (synthétique).")
            for pk, code, _ in innovations
        ),
    )
    grid_of = dict(Grid.objects.filter(innovation__code__startswith=PREFIX).values_list("innovation_id", "pk"))
    items = []
    for pk, _, _ in innovations:
        for position, index in enumerate(sorted(rng.sample(range(len(ITEMS)), rng.randint(4, 8))), start=1):
            key, label = ITEMS[index]
            items.append((grid_of[pk], f"{KEY}{key}", position, label, "", "Entretiens (synthétique)"))
    write_rows("grids_griditem", ["grid_id", "key", "position", "label", "description", "data_source"], items)
    items_of = {}
    for grid_id, item_id in (
        GridItem.objects.filter(grid__in=grid_of.values()).order_by("grid", "position").values_list("grid_id", "pk")
    ):
        items_of.setdefault(grid_id, []).append(item_id)

    phases, observations, findings = [], [], []
    methods = list(CollectionMethod.values)
    for pk, code, step in innovations:
        units = units_of.get(pk, [])
        if not units:
            continue
        _, scored, unknown = chosen[pk]
        dates = default_dates(max(unit.trained_on for unit in units))
        rated = max((n for n in PHASES if n <= RATED_PHASES.get(step, 0) and dates[n] <= today), default=0)
        ability = {unit.pk: rng.random() for unit in units}
        for number in PHASES:
            planned_on = dates[number]
            status, delivered_on = PhaseStatus.PLANNED.value, None
            if number < rated:
                status = PhaseStatus.DELIVERED.value
                delivered_on = min(planned_on + datetime.timedelta(days=60), today)
            elif number == rated:
                status = PhaseStatus.IN_PROGRESS.value
            used = json.dumps(sorted(rng.sample(methods, rng.randint(1, 3))))
            phases.append((pk, number, planned_on, used, status, delivered_on, "", "", "Phase synthétique.", now))
            if number > rated:
                continue
            expected = [
                u for u in units if u.since <= planned_on and not (u.abandoned_on and u.abandoned_on <= planned_on)
            ]
            rated_units = [u for u in expected if rng.random() >= MISSING_STRUCTURE]
            for unit in rated_units:
                recorded_at = stamp(planned_on + datetime.timedelta(days=rng.randrange(0, 30)))
                for item_id in items_of[grid_of[pk]]:
                    draw = rng.random()
                    if draw < NOT_RATED:
                        continue
                    if draw < NOT_RATED + UNKNOWN:
                        level = unknown
                    else:
                        progress = 0.75 * ability[unit.pk] + 0.12 * (number - 1) + rng.uniform(-0.2, 0.2)
                        level = scored[min(len(scored) - 1, max(0, int(progress * len(scored))))]
                    comment = "Commentaire synthétique." if rng.random() < 0.05 else ""
                    observations.append((unit.pk, number, item_id, level, comment, recorded_at))
            for index, kind in enumerate(rng.sample(list(FINDINGS), 2), start=1):
                structure = rng.choice(rated_units).structure_id if index == 2 and rated_units else None
                attribution = "Encadrant (synthétique)" if kind == FindingKind.QUOTE else ""
                key = f"{code.lower()}-constat-{number}-{index}"
                findings.append(
                    (key, pk, number, structure, kind, rng.choice(THEMES), FINDINGS[kind], attribution, planned_on, now)
                )
    write_rows(
        "grids_evaluationphase",
        [
            "innovation_id",
            "number",
            "planned_on",
            "methods",
            "status",
            "delivered_on",
            "report",
            "report_name",
            "note",
            "updated_at",
        ],
        phases,
    )
    write_rows(
        "grids_observation", ["adoption_id", "phase", "item_id", "level_id", "comment", "recorded_at"], observations
    )
    write_rows(
        "grids_finding",
        [
            "key",
            "innovation_id",
            "phase",
            "structure_id",
            "kind",
            "theme",
            "text",
            "attribution",
            "observed_on",
            "recorded_at",
        ],
        findings,
    )
    return {
        "grids": len(grid_of),
        "grid_items": len(items),
        "evaluation_phases": len(phases),
        "observations": len(observations),
        "findings": len(findings),
    }
