"""A synthetic national programme, clearly labelled as such, reproducible by seed.

Default scale 1.0: 200 innovations, 10,000 structures across every département, 20,000
adoptions, 12 base indicators and monthly values over 56 months (about 10 million values, with
realistic nc / ne rates). Everything generated carries the key prefix `syn-` / code `SYN-` and
names saying « synthétique », and can be removed with `remove()`.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from essaim.evaluation.models import Indicator, Value
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure
from essaim.swarming.models import Adoption, StatusChange
from essaim.synthetic.tables import copy_text, reset_sequences, skip_foreign_key_checks, write_rows
from essaim.territories.models import Departement

PREFIX = "SYN-"
FIRST_MONTH = datetime.date(2017, 1, 1)
MONTHS = 56
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


def month_end(index):
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    first_next = datetime.date(FIRST_MONTH.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def sizes(scale):
    innovations = max(1, round(200 * scale))
    structures = max(2, round(10_000 * scale))
    adoptions = min(max(1, round(20_000 * scale)), innovations * structures // 2)
    return {"innovations": innovations, "structures": structures, "adoptions": adoptions}


def remove():
    """Delete every synthetic record (raw deletes: generated rows have no history to keep)."""
    with transaction.atomic():
        for queryset in (
            Value.objects.filter(innovation__code__startswith=PREFIX),
            StatusChange.objects.filter(adoption__innovation__code__startswith=PREFIX),
            Adoption.objects.filter(innovation__code__startswith=PREFIX),
            StepChange.objects.filter(innovation__code__startswith=PREFIX),
            Innovation.objects.filter(code__startswith=PREFIX),
            Structure.objects.filter(key__startswith="syn-"),
            Indicator.objects.filter(code__startswith="syn_"),
        ):
            pks = queryset.model.objects.filter(pk__in=queryset.values("pk"))
            pks._raw_delete(pks.db)


def generate(scale=1.0, seed=1, months=MONTHS, progress=None):
    """Generate the programme; return the counts written."""
    rng = random.Random(seed)
    size = sizes(scale)
    say = progress or (lambda message: None)
    remove()
    now = timezone.now()
    departements = list(Departement.objects.values_list("code", flat=True))
    kinds = [k.value for k in StructureKind]
    with transaction.atomic():
        if skip_foreign_key_checks():
            say("contrôles de clés étrangères suspendus pendant la génération")
        for code, label, aggregation in EXTRA_INDICATORS:
            Indicator.objects.update_or_create(
                code=code, defaults={"label": label, "aggregation": aggregation, "levels": "both", "position": 500}
            )
        indicators = list(
            Indicator.objects.base().filter(levels__in=["structure", "both"]).values_list("pk", flat=True)
        )

        say(f"{size['structures']} structures")
        write_rows(
            "organizations_structure",
            ["key", "name", "kind", "departement_id", "city", "is_placeholder"],
            (
                (
                    f"syn-{n}",
                    f"Structure synthétique n°{n}",
                    rng.choice(kinds),
                    departements[n % len(departements)],
                    "",
                    False,
                )
                for n in range(size["structures"])
            ),
        )
        reset_sequences(Structure)
        structure_ids = list(
            Structure.objects.filter(key__startswith="syn-").order_by("pk").values_list("pk", flat=True)
        )

        say(f"{size['innovations']} innovations")
        steps = [Step.SWARMING, Step.EVALUATION_1, Step.EVALUATION_2, Step.EVALUATION_3]
        innovation_rows = []
        for n in range(size["innovations"]):
            entered = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(0, 730))
            innovation_rows.append(
                (
                    f"{PREFIX}{n:04d}",
                    f"Innovation synthétique n°{n}",
                    rng.choice(structure_ids),
                    "",
                    "",
                    False,
                    "",
                    entered,
                    "",
                    "",
                    rng.choice(steps),
                )
            )
        write_rows(
            "innovations_innovation",
            [
                "code",
                "name",
                "porteur_id",
                "description",
                "target_public",
                "specific_public",
                "territory_type",
                "entered_on",
                "exit_reason",
                "date_note",
                "step",
            ],
            innovation_rows,
        )
        reset_sequences(Innovation)
        innovations = list(
            Innovation.objects.filter(code__startswith=PREFIX).order_by("pk").values_list("pk", "entered_on", "step")
        )
        write_rows(
            "innovations_stepchange",
            ["innovation_id", "step", "on", "note", "recorded_at"],
            ((pk, step, entered, "Programme synthétique", now) for pk, entered, step in innovations),
        )

        say(f"{size['adoptions']} adoptions")
        pairs = set()
        adoption_rows = []
        while len(adoption_rows) < size["adoptions"]:
            innovation = rng.choice(innovations)
            structure = rng.choice(structure_ids)
            if (innovation[0], structure) in pairs:
                continue
            pairs.add((innovation[0], structure))
            since = month_end(rng.randrange(0, months // 2)) + datetime.timedelta(days=1)
            status = "abandoned" if rng.random() < 0.1 else rng.choice(["trained", "implementing"])
            adoption_rows.append((innovation[0], structure, since, str(since.year), status))
        write_rows("swarming_adoption", ["innovation_id", "structure_id", "since", "wave", "status"], adoption_rows)
        reset_sequences(Adoption)
        adoptions = list(
            Adoption.objects.filter(innovation__code__startswith=PREFIX)
            .order_by("pk")
            .values_list("pk", "innovation_id", "structure_id", "since", "status")
        )
        history = []
        for pk, _, _, since, status in adoptions:
            history.append((pk, "selected", since, "", now))
            history.append((pk, "trained", since + datetime.timedelta(days=60), "", now))
            if status != "trained":
                history.append((pk, status, since + datetime.timedelta(days=200), "", now))
        write_rows("swarming_statuschange", ["adoption_id", "status", "on", "note", "recorded_at"], history)

        say("valeurs")
        ends = [month_end(i) for i in range(months)]
        columns = [
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
        count = 0

        def values():
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

        if connection.vendor == "postgresql":
            copy_text("evaluation_value", columns, values())
        else:
            write_rows(
                "evaluation_value",
                columns,
                (tuple(None if part == "\\N" else part for part in line.rstrip("\n").split("\t")) for line in values()),
            )
        reset_sequences(Value)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) evaluation_value")  # index-only scans need the visibility map
    return {**size, "values": count}
