"""What every part of the synthetic programme shares: its labels, its calendar, and the adoptions
read back from the database with the dates of their status history."""

import datetime
from collections import namedtuple

from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange

PREFIX = "SYN-"  # innovation codes
KEY = "syn-"  # structure keys, activity, finding and grid item keys
FIRST_MONTH = datetime.date(2017, 1, 1)
MONTHS = 56
TRAINED_AFTER = 60  # days from an adoption's selection to the end of its training
SETTLED_AFTER = 200  # days from its selection to « implementing » or « abandoned »

# One adoption of the synthetic programme: `trained_on` is the day its status became « trained »,
# `abandoned_on` the day it was abandoned (None if it was not).
Unit = namedtuple("Unit", "pk innovation_id structure_id since status trained_on abandoned_on")


def month_end(index):
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    first_next = datetime.date(FIRST_MONTH.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def innovations():
    return Innovation.objects.filter(code__startswith=PREFIX)


def structures():
    return Structure.objects.filter(key__startswith=KEY)


def adoptions():
    return Adoption.objects.filter(innovation__in=innovations())


def units():
    """[Unit] of the synthetic adoptions, in the order they were written."""
    trained, abandoned = {}, {}
    changes = StatusChange.objects.filter(
        adoption__in=adoptions(), status__in=[AdoptionStatus.TRAINED, AdoptionStatus.ABANDONED]
    ).values_list("adoption_id", "status", "on")
    for adoption_id, status, on in changes:
        (trained if status == AdoptionStatus.TRAINED else abandoned)[adoption_id] = on
    return [
        Unit(pk, innovation_id, structure_id, since, status, trained.get(pk), abandoned.get(pk))
        for pk, innovation_id, structure_id, since, status in adoptions()
        .order_by("pk")
        .values_list("pk", "innovation_id", "structure_id", "since", "status")
    ]


def by_innovation(all_units):
    found = {}
    for unit in all_units:
        found.setdefault(unit.innovation_id, []).append(unit)
    return found
