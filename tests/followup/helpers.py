"""Building people quickly for the follow-up tests."""

import datetime

from essaim.followup.enums import AgeBand, Arm, DurationBand, Milestone, Sex, SubType, classify
from essaim.followup.horizons import add_months
from essaim.followup.models import Beneficiary, Enrolment, Situation, refresh_outcomes
from essaim.followup.pseudonym import pseudonym

ENTRY = datetime.date(2018, 1, 15)
_counter = [0]


def person(structure, innovation, *, situations=(), entered=ENTRY, arm=Arm.INNOVATION, reference=None, **traits):
    """A person with an entry and situations given as (months after entry or a date, sub-type[, months])."""
    _counter[0] += 1
    reference = reference or f"REF-{_counter[0]}"
    beneficiary, _ = Beneficiary.objects.get_or_create(
        structure=structure,
        pseudonym=pseudonym(structure.pk, reference),
        defaults={"sex": traits.pop("sex", Sex.FEMALE), "birth_year": traits.pop("birth_year", None)},
    )
    traits.pop("sex", None)
    traits.pop("birth_year", None)
    enrolment = Enrolment.objects.create(
        beneficiary=beneficiary,
        innovation=innovation,
        arm=arm,
        entered_on=entered,
        age_band=traits.pop("age_band", AgeBand.FROM_25_TO_49),
        duration_band=traits.pop("duration_band", DurationBand.FROM_1_TO_2),
        **traits,
    )
    steps = [(0, SubType.ONGOING, None), *situations]
    for step in steps:
        when, subtype = step[0], step[1]
        months = step[2] if len(step) > 2 else None
        on = add_months(entered, when) if isinstance(when, int) else when
        milestone = {0: Milestone.ENTRY, 6: Milestone.M6, 12: Milestone.M12, 18: Milestone.M18}.get(
            when if isinstance(when, int) else None, Milestone.OTHER
        )
        Situation.objects.update_or_create(
            enrolment=enrolment,
            on=on,
            defaults={
                "milestone": milestone,
                "subtype": subtype,
                "contract_months": months,
                "category": classify(subtype, months),
            },
        )
    refresh_outcomes([enrolment.pk])
    enrolment.refresh_from_db()
    return enrolment


def crowd(structure, innovation, n, situations=(), **traits):
    return [person(structure, innovation, situations=situations, **traits) for _ in range(n)]
