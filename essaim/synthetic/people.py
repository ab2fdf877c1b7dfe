"""People followed in the synthetic programme (docs/followup.md): 1 million at scale 1.0.

People are spread evenly over the synthetic adoptions, each entering between the adoption's
start and two years later (before its abandonment, for an abandoned one), a tenth of them in a
comparison group followed the same way. Each has a situation at entry (« en parcours ») and at 6,
12 and 18 months once reached; 1 % withdraw at one of them, after which nothing is recorded. The
outcome columns of each entry are computed by `followup.horizons.summarise`, as the application
does. Pseudonyms are those of the application (`followup.pseudonym`: HMAC of the structure and
a reference « SYN-0000042 »); people are not marked `is_demo` (that flag is for the few fictitious
people of the demonstration, read through a partial index).

`generate()` replaces the synthetic people alone (the follow-up benchmark calls it);
`generate_national` calls `write()` inside its own transaction.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from essaim.followup.enums import AgeBand, Arm, Category, DurationBand, Milestone, SubType, classify
from essaim.followup.horizons import add_months, summarise
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.followup.pseudonym import pseudonym
from essaim.programmes import scope
from essaim.programmes.models import ensure_programme
from essaim.synthetic.common import PREFIX, innovations, structures, units
from essaim.synthetic.tables import delete_all, next_id, reset_sequences, unchecked_deletes, vacuum, write_rows

PEOPLE = 1_000_000  # at scale 1.0
ENTRY_DAYS = 2 * 365  # people enter within two years of the adoption's start
BATCH = 100_000
WITHDRAWAL_RATE = 0.01  # at each of 6, 12 and 18 months
COMPARISON_EVERY = 10  # one person in ten is in the comparison group
# (sub-type, contract months) drawn for the situations at 6, 12 and 18 months.
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
WITHDRAWALS = [(SubType.ILLNESS, None), (SubType.MISCONDUCT, None)]
SEXES = ["F"] * 9 + ["H"] * 10 + ["X"]
AGES = [AgeBand.UNDER_25.value] * 2 + [AgeBand.FROM_25_TO_49.value] * 6 + [AgeBand.FROM_50.value] * 2
DURATIONS = (
    [DurationBand.UNDER_1.value] * 3
    + [DurationBand.FROM_1_TO_2.value] * 3
    + [DurationBand.FROM_2_TO_3.value] * 2
    + [DurationBand.FROM_3.value] * 2
    + [DurationBand.UNKNOWN.value]
)
FLAGS = {"sheltered": 0.2, "rqth": 0.08, "qpv": 0.3, "rsa": 0.4}  # NEET: half of the under-25s
LATER = [(Milestone.M6.value, 6), (Milestone.M12.value, 12), (Milestone.M18.value, 18)]
OUTCOMES = ["outcome_0", "outcome_6", "outcome_12", "outcome_18"]
DATES = ["first_job_on", "last_seen_on", "withdrawn_on", "job_days", "seen_days"]
ENROLMENT_COLUMNS = [
    "id",
    "beneficiary_id",
    "innovation_id",
    "structure_id",
    "arm",
    "entered_on",
    "age_band",
    "duration_band",
    "neet",
    *FLAGS,
    *OUTCOMES,
    *DATES,
    "created_at",
]


def reference(n):
    """The structure's own (synthetic) file number of the n-th person, never stored."""
    return f"{PREFIX}{n:07d}"


def enrolments():
    return Enrolment.objects.filter(innovation__in=innovations())


def remove():
    """Delete the synthetic people: those of the synthetic structures, and any entry into a
    synthetic innovation."""
    people = Beneficiary.objects.filter(structure__in=structures())
    entries = Enrolment.objects.filter(
        Q(innovation__in=innovations()) | Q(structure__in=structures()) | Q(beneficiary__in=people)
    )
    with unchecked_deletes(Beneficiary, Enrolment, Situation):  # what refers to them goes with them
        delete_all(
            Situation.history.filter(enrolment_id__in=entries.values("pk")),
            Enrolment.history.filter(id__in=entries.values("pk")),
            Beneficiary.history.filter(id__in=people.values("pk")),
            Situation.objects.filter(enrolment__in=entries),
            entries,
            people,
        )


def situations_of(rng, entered, today):
    """[(milestone, date, sub-type, contract months, category)] of one person."""
    steps = [(Milestone.ENTRY.value, entered, SubType.ONGOING.value, None, Category.ONGOING.value)]
    for milestone, months in LATER:
        on = add_months(entered, months)
        if on > today:
            break
        withdrawn = rng.random() < WITHDRAWAL_RATE
        subtype, contract = rng.choice(WITHDRAWALS if withdrawn else CHOICES)
        steps.append((milestone, on, subtype.value, contract, classify(subtype, contract).value))
        if withdrawn:
            break
    return steps


def write(rng, all_units, count, now, today, progress=None):
    """Write `count` people over `all_units` (common.Unit); return how many."""
    if not count or not all_units:
        return 0
    say = progress or (lambda message: None)
    beneficiary_id, enrolment_id = next_id(Beneficiary), next_id(Enrolment)
    comparison = Arm.COMPARISON.value
    innovation = Arm.INNOVATION.value
    for start in range(0, count, BATCH):
        people, entries, situations = [], [], []
        for n in range(start, min(start + BATCH, count)):
            unit = all_units[n % len(all_units)]
            last = min(unit.abandoned_on or unit.since + datetime.timedelta(days=ENTRY_DAYS), today)
            entered = unit.since + datetime.timedelta(days=rng.randrange(max(1, (last - unit.since).days)))
            steps = situations_of(rng, entered, today)
            summary = summarise(entered, [(on, category) for _, on, _, _, category in steps])
            age = rng.choice(AGES)
            people.append(
                (
                    beneficiary_id,
                    unit.structure_id,
                    pseudonym(unit.structure_id, reference(n)),
                    rng.choice(SEXES),
                    False,
                    now,
                )
            )
            entries.append(
                (
                    enrolment_id,
                    beneficiary_id,
                    unit.innovation_id,
                    unit.structure_id,
                    comparison if n % COMPARISON_EVERY == COMPARISON_EVERY - 1 else innovation,
                    entered,
                    age,
                    rng.choice(DURATIONS),
                    age == AgeBand.UNDER_25 and rng.random() < 0.5,
                    *(rng.random() < share for share in FLAGS.values()),
                    *(summary[name] for name in OUTCOMES),
                    *(summary[name] for name in DATES),
                    now,
                )
            )
            for milestone, on, subtype, contract, category in steps:
                situations.append((enrolment_id, on, milestone, subtype, contract, category, now))
            beneficiary_id += 1
            enrolment_id += 1
        write_rows(
            Beneficiary._meta.db_table, ["id", "structure_id", "pseudonym", "sex", "is_demo", "created_at"], people
        )
        write_rows(Enrolment._meta.db_table, ENROLMENT_COLUMNS, entries)
        write_rows(
            Situation._meta.db_table,
            ["enrolment_id", "on", "milestone", "subtype", "contract_months", "category", "recorded_at"],
            situations,
        )
        say(f"{start + len(people):,} personnes".replace(",", "\u202f"))
    reset_sequences(Beneficiary, Enrolment, Situation)
    return count


def generate(count=PEOPLE, seed=1, progress=None):
    """Replace the synthetic people by `count` new ones over the synthetic adoptions (in a
    transaction of their own); return how many were written."""
    with transaction.atomic(), scope.activate(scope.current() or ensure_programme()):
        remove()
        written = write(random.Random(f"{seed}:people"), units(), count, timezone.now(), timezone.localdate(), progress)
    vacuum(Beneficiary, Enrolment, Situation)
    return written
