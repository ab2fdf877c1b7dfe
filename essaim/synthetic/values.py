"""The reported figures of the synthetic programme: eight extra indicators beside the standard
ones, and a monthly value of every structure-level indicator for every adoption from its start
(5 % nc, 2 % ne). About 10 million values at scale 1.0, written as ready-made COPY lines."""

from django.db.models import Q

from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.rules import Violation
from essaim.synthetic.common import PREFIX, innovations, month_end
from essaim.synthetic.tables import delete_all, reset_sequences, unchecked_deletes, write_lines

EXTRA_INDICATORS = [
    ("syn_trainings", "Formations suivies (synthétique)", "sum"),
    ("syn_hours", "Heures d'accompagnement (synthétique)", "sum"),
    ("syn_companies_met", "Entreprises rencontrées (synthétique)", "sum"),
    ("syn_jobs_offered", "Offres d'emploi proposées (synthétique)", "sum"),
    ("syn_positive_exits", "Sorties positives (synthétique)", "last"),
    ("syn_durable_jobs", "Emplois durables (synthétique)", "last"),
    ("syn_volunteers", "Bénévoles mobilisés (synthétique)", "last"),
    ("syn_mentors", "Parrains et marraines (synthétique)", "last"),
]
NC_RATE, NE_RATE = 0.05, 0.02
COLUMNS = [
    "innovation_id",
    "structure_id",
    "indicator_id",
    "period_end",
    "kind",
    "number",
    "source_detail",
    "comment",
    "entered_at",
    "state",
]


def remove_values():
    """The values of the synthetic innovations, and the rule violations found on them (the only
    rows that refer to values: the foreign key checks of 10 million values can be skipped)."""
    with unchecked_deletes(Value, Violation):
        delete_all(
            Violation.objects.filter(  # few: joins are fine here
                Q(value__innovation__code__startswith=PREFIX) | Q(other_value__innovation__code__startswith=PREFIX)
            ),
            Value.objects.filter(innovation__in=innovations()),
        )


def remove_indicators():
    delete_all(Indicator.objects.filter(code__startswith="syn_"))


def indicator_ids():
    for code, label, aggregation in EXTRA_INDICATORS:
        Indicator.objects.update_or_create(
            code=code, defaults={"label": label, "aggregation": aggregation, "levels": "both", "position": 500}
        )
    return list(Indicator.objects.base().filter(levels__in=["structure", "both"]).values_list("pk", flat=True))


def write_values(rng, adoptions, indicators, months, now):
    """Write the values of `adoptions` [(pk, innovation id, structure id, since, status)]; return
    how many."""
    ends = [month_end(i) for i in range(months)]
    count = 0

    def lines():
        nonlocal count
        stamp = now.isoformat()
        for _, innovation_id, structure_id, since, _ in adoptions:
            base = rng.randrange(5, 60)
            periods = [end.isoformat() for end in ends if end >= since]
            for indicator_id in indicators:
                prefix = f"{innovation_id}\t{structure_id}\t{indicator_id}\t"
                for end in periods:
                    draw = rng.random()
                    if draw < NC_RATE:
                        cell = "nc\t\\N"
                    elif draw < NC_RATE + NE_RATE:
                        cell = "ne\t\\N"
                    else:
                        cell = f"number\t{base + int(draw * 10)}"
                    count += 1
                    yield f"{prefix}{end}\t{cell}\t\t\t{stamp}\tentered\n"

    write_lines("evaluation_value", COLUMNS, lines())
    reset_sequences(Value)
    return count
