"""Fictitious people for the demonstration: nobody real, labelled as such everywhere.

`make demo` (and so `make run`) loads them with `manage.py load_demo_followup`; they never enter
the reference dataset (`reference/data/programme.toml`) nor the CSV bundle. Each is marked
`is_demo`, shown « fictive », and left alone by the purge.

The people follow the LREF innovation at its adopting CHRS, entering between September 2018 (after
the formation-action) and December 2019, with four situations each (entry, 6, 12 and 18 months).
Their situations at 12 months reproduce the Lyon Lieu Ressources results of 2016 (document 000):
27 % in a transitional job and 12 % in a durable one, withdrawals left out. A comparison group
followed the same way at two of the structures does less well (18 % and 8 %), so that the
difference in differences has something to show.
"""

import random
from datetime import date

from django.db import transaction

from essaim.evaluation.consolidation import expected_units
from essaim.followup import erasure
from essaim.followup.enums import AgeBand, Arm, Category, DurationBand, Milestone, Sex, SubType, classify
from essaim.followup.horizons import add_months
from essaim.followup.models import Beneficiary, Enrolment, Situation, refresh_outcomes
from essaim.followup.pseudonym import pseudonym
from essaim.innovations.models import Innovation

DEMO_INNOVATION = "LREF"
SEED = 2016
FIRST_ENTRY = date(2018, 9, 3)
LAST_ENTRY = date(2019, 12, 20)
# Situations at 12 months, withdrawals apart: 12 % durable, 27 % transition (document 000).
INNOVATION_AT_12 = {"durable": 48, "transition": 108, "positive": 32, "other": 120, "ongoing": 92, "withdrawn": 8}
COMPARISON_AT_12 = {"durable": 8, "transition": 18, "positive": 6, "other": 40, "ongoing": 28, "withdrawn": 2}
COMPARISON_STRUCTURES = 2


def paths(at_12, rng):
    """(situation at 6 months, at 12, at 18) as (sub-type, contract months) for one person."""
    ongoing = (SubType.ONGOING, None)
    if at_12 == "durable":
        six = rng.choice([(SubType.CDD, 3), ongoing])
        twelve = rng.choice([(SubType.CDI, None), (SubType.CDD, 12)])
        return six, twelve, twelve
    if at_12 == "transition":
        six = rng.choice([ongoing, ongoing, (SubType.TEMP_WORK, 2)])
        twelve = rng.choice([(SubType.CDD, 4), (SubType.TEMP_WORK, 2), (SubType.SUBSIDISED, None)])
        eighteen = rng.choice([(SubType.CDI, None), twelve, (SubType.UNEMPLOYMENT, None)])
        return six, twelve, eighteen
    if at_12 == "positive":
        twelve = rng.choice([(SubType.TRAINING, None), (SubType.OTHER_SIAE, None)])
        return ongoing, twelve, rng.choice([(SubType.CDD, 3), twelve])
    if at_12 == "other":
        six = rng.choice([ongoing, ongoing, (SubType.NO_NEWS, None)])
        twelve = rng.choice([(SubType.UNEMPLOYMENT, None), (SubType.INACTIVITY, None), (SubType.NO_NEWS, None)])
        return six, twelve, rng.choice([twelve, twelve, twelve, (SubType.TEMP_WORK, 1)])
    if at_12 == "withdrawn":
        return ongoing, rng.choice([(SubType.ILLNESS, None), (SubType.MISCONDUCT, None)]), None
    return ongoing, ongoing, rng.choice([ongoing, (SubType.CDD, 2), (SubType.UNEMPLOYMENT, None)])


def structures():
    innovation = Innovation.objects.filter(code=DEMO_INNOVATION).first()
    if innovation is None:
        return None, []
    expected = expected_units(date(2019, 12, 31)).get(innovation.pk, set())
    from essaim.organizations.models import Structure

    return innovation, list(Structure.objects.filter(pk__in=expected))


def person(rng):
    age = rng.choice([AgeBand.UNDER_25] * 2 + [AgeBand.FROM_25_TO_49] * 6 + [AgeBand.FROM_50] * 2)
    return {
        "sex": rng.choice([Sex.MALE] * 6 + [Sex.FEMALE] * 4),
        "age_band": age,
        "duration_band": rng.choice(
            [DurationBand.UNDER_1] * 3
            + [DurationBand.FROM_1_TO_2] * 3
            + [DurationBand.FROM_2_TO_3] * 2
            + [DurationBand.FROM_3] * 2
            + [DurationBand.UNKNOWN]
        ),
        "neet": age == AgeBand.UNDER_25 and rng.random() < 0.5,
        "rsa": rng.random() < 0.5,
        "rqth": rng.random() < 0.1,
        "qpv": rng.random() < 0.3,
    }


def remove():
    """Delete every demo person (their entries, situations and history go with them)."""
    return erasure.remove(Beneficiary.objects.filter(is_demo=True).values_list("pk", flat=True))


@transaction.atomic
def generate(seed=SEED):
    """Replace the demo people; return how many were created (0 without the LREF innovation)."""
    remove()
    innovation, adopters = structures()
    if not adopters:
        return 0
    rng = random.Random(seed)
    plan = []
    for arm, quotas, places in (
        (Arm.INNOVATION, INNOVATION_AT_12, adopters),
        (Arm.COMPARISON, COMPARISON_AT_12, adopters[:COMPARISON_STRUCTURES]),
    ):
        outcomes = [category for category, n in quotas.items() for _ in range(n)]
        rng.shuffle(outcomes)
        for index, at_12 in enumerate(outcomes):
            plan.append((arm, places[index % len(places)], at_12))
    span = (LAST_ENTRY - FIRST_ENTRY).days
    people, enrolments, situations = [], [], []
    for number, (arm, structure, at_12) in enumerate(plan, start=1):
        traits = person(rng)
        entered = date.fromordinal(FIRST_ENTRY.toordinal() + rng.randrange(span + 1))
        people.append(
            Beneficiary(
                structure=structure,
                pseudonym=pseudonym(structure.pk, f"DEMO-{number:04d}"),
                sex=traits.pop("sex"),
                is_demo=True,
            )
        )
        enrolments.append((entered, arm, traits, at_12))
    Beneficiary.objects.bulk_create(people)
    rows = []
    for beneficiary, (entered, arm, traits, _) in zip(people, enrolments, strict=True):
        rows.append(
            Enrolment(
                beneficiary=beneficiary,
                innovation=innovation,
                structure_id=beneficiary.structure_id,
                arm=arm,
                entered_on=entered,
                sheltered=True,
                **traits,
            )
        )
    Enrolment.objects.bulk_create(rows)
    for enrolment, (entered, _, _, at_12) in zip(rows, enrolments, strict=True):
        steps = [(Milestone.ENTRY, (SubType.ONGOING, None))]
        six, twelve, eighteen = paths(at_12, rng)
        steps += [(Milestone.M6, six), (Milestone.M12, twelve)]
        if eighteen is not None:
            steps.append((Milestone.M18, eighteen))
        for milestone, (subtype, months) in steps:
            situations.append(
                Situation(
                    enrolment=enrolment,
                    on=add_months(entered, Milestone(milestone).months),
                    milestone=milestone,
                    subtype=subtype,
                    contract_months=months,
                    category=classify(subtype, months),
                )
            )
    Situation.objects.bulk_create(situations)
    refresh_outcomes([e.pk for e in rows])
    return len(people)


def expected_shares():
    """The shares at 12 months the generator reproduces (withdrawals apart), in %."""
    base = sum(n for c, n in INNOVATION_AT_12.items() if c != Category.WITHDRAWN)
    return {c: 100 * n / base for c, n in INNOVATION_AT_12.items() if c != Category.WITHDRAWN}
