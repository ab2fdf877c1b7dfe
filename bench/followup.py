"""The follow-up benchmark: cohort outcomes over 1 million people with 4 situations each.

`generate()` writes, once, 1 million synthetic people spread over the
synthetic programme's adoptions, each entered between 2016 and 2020 with four situations (entry,
6, 12 and 18 months), a tenth of them in a comparison group; `COPY` writes them in a minute or
so. `measures()` times the cohort outcomes as a funder reads them — the counts, their protection
against small cells, the Kaplan–Meier curve, the difference in differences and the reference
rates — and as the programme team does (exact).

Wire it in with `results.extend(followup.measures())` in `bench/scenarios.py`. Alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essaim_bench DJANGO_SETTINGS_MODULE=config.settings.bench \
        .venv/bin/python -c "import django; django.setup(); from bench import followup; followup.main()"
"""

import hashlib
import io
import random
import time
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from bench.measure import Measure, timed
from essaim.followup.enums import AgeBand, Arm, DurationBand, Milestone, SubType, classify
from essaim.followup.horizons import add_months, summarise
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.followup.outcomes import Viewer, compute
from essaim.swarming.models import Adoption
from essaim.synthetic import national

PEOPLE = 1_000_000
TARGET = 3.0
SEED = 7
FIRST_ENTRY = date(2016, 1, 4)
ENTRY_DAYS = 4 * 365
# (sub-type, months) drawn for the situations at 6, 12 and 18 months.
CHOICES = [
    (SubType.ONGOING, None),
    (SubType.ONGOING, None),
    (SubType.CDI, None),
    (SubType.CDD, 3),
    (SubType.CDD, 8),
    (SubType.TEMP_WORK, 2),
    (SubType.SUBSIDISED, None),
    (SubType.TRAINING, None),
    (SubType.UNEMPLOYMENT, None),
    (SubType.NO_NEWS, None),
]


def synthetic_people():
    return Enrolment.objects.filter(innovation__code__startswith=national.PREFIX)


def copy(table, columns, rows):
    """COPY rows (tuples) into `table`."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as target:
            while chunk := buffer.read(1 << 20):
                target.write(chunk)


def next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


@transaction.atomic
def generate(count=PEOPLE, batch=100_000):
    """Write `count` synthetic people (once: skipped when they are there)."""
    if synthetic_people().count() >= count:
        return 0
    Beneficiary.objects.filter(enrolments__innovation__code__startswith=national.PREFIX).delete()
    adoptions = list(
        Adoption.objects.filter(innovation__code__startswith=national.PREFIX).values_list(
            "innovation_id", "structure_id"
        )
    )
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now().isoformat()
    beneficiary_id, enrolment_id = next_id(Beneficiary), next_id(Enrolment)
    bands, durations = list(AgeBand), list(DurationBand)
    for start in range(0, count, batch):
        people, enrolments, situations = [], [], []
        for n in range(start, min(start + batch, count)):
            innovation, structure = adoptions[n % len(adoptions)]
            entered = date.fromordinal(FIRST_ENTRY.toordinal() + rng.randrange(ENTRY_DAYS))
            steps = [(Milestone.ENTRY, entered, SubType.ONGOING, None)]
            for milestone in (Milestone.M6, Milestone.M12, Milestone.M18):
                on = add_months(entered, Milestone(milestone).months)
                if on <= today:
                    subtype, months = rng.choice(CHOICES)
                    steps.append((milestone, on, subtype, months))
            rows = [(on, classify(subtype, months)) for _, on, subtype, months in steps]
            summary = summarise(entered, rows)
            pseudonym = hashlib.sha256(f"bench-{n}".encode()).hexdigest()
            people.append((beneficiary_id, structure, pseudonym, rng.choice("FHX"), "", "f", now))
            arm = Arm.COMPARISON if n % 10 == 9 else Arm.INNOVATION
            enrolments.append(
                (
                    enrolment_id,
                    beneficiary_id,
                    innovation,
                    structure,
                    arm,
                    entered,
                    rng.choice(bands).value,
                    rng.choice(durations).value,
                    *("t" if rng.random() < p else "f" for p in (0.1, 0.2, 0.05, 0.3, 0.4)),
                    *(summary[f] or "" for f in ("outcome_0", "outcome_6", "outcome_12", "outcome_18")),
                    *(summary[f] for f in ("first_job_on", "last_seen_on", "withdrawn_on", "job_days", "seen_days")),
                )
            )
            for (milestone, on, subtype, months), (_, category) in zip(steps, rows, strict=True):
                situations.append((enrolment_id, on, milestone, subtype, months, category, now))
            beneficiary_id += 1
            enrolment_id += 1
        copy(
            Beneficiary._meta.db_table,
            ["id", "structure_id", "pseudonym", "sex", "birth_year", "is_demo", "created_at"],
            [(*p[:4], None, *p[5:]) for p in people],
        )
        copy(
            Enrolment._meta.db_table,
            [
                "id",
                "beneficiary_id",
                "innovation_id",
                "structure_id",
                "arm",
                "entered_on",
                "age_band",
                "duration_band",
                "neet",
                "sheltered",
                "rqth",
                "qpv",
                "rsa",
                "outcome_0",
                "outcome_6",
                "outcome_12",
                "outcome_18",
                "first_job_on",
                "last_seen_on",
                "withdrawn_on",
                "job_days",
                "seen_days",
            ],
            enrolments,
        )
        copy(
            Situation._meta.db_table,
            ["enrolment_id", "on", "milestone", "subtype", "contract_months", "category", "recorded_at"],
            situations,
        )
    with connection.cursor() as cursor:
        for model in (Beneficiary, Enrolment):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    return count


def measures(repeat=5):
    """[Measure]: cohort outcomes over the synthetic people, as a funder and as the team."""
    started = time.perf_counter()
    created = generate()
    if created:
        print(
            f"Suivi : {created:,} personnes synthétiques générées en {time.perf_counter() - started:.0f} s", flush=True
        )
    with connection.cursor() as cursor:
        for model in (Beneficiary, Enrolment, Situation):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    people = synthetic_people().count()
    situations = Situation.objects.count()
    today = timezone.localdate()
    label = f"{people:,}".replace(",", "\u202f") + f" personnes, {situations / max(people, 1):.0f} situations chacune"
    return [
        Measure(
            f"Résultats par cohorte, lus par un financeur (secret statistique), {label}",
            timed(lambda: compute(today, viewer=Viewer(exact=False)), repeat),
            target=TARGET,
        ),
        Measure(
            f"Résultats par cohorte, équipe du programme (chiffres exacts), {label}",
            timed(lambda: compute(today, viewer=Viewer(exact=True)), repeat),
            target=TARGET,
        ),
    ]


def main():
    """Migrate, then print these measurements alone."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for measure in measures():
        runs = ", ".join(f"{r:.2f}" for r in measure.runs)
        print(
            f"{measure.name} : médiane {measure.median:.3f} s ({runs}) — cible {measure.target:g} s : {measure.verdict}"
        )
