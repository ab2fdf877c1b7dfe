"""Erasing people (CNIL: the right to erasure, and the purge of files without contact).

Erasing a person removes them, their entries and situations, **and every history row of them**:
a history that kept the erased fields would void the erasure. What remains is the line of the
access journal written by the caller (`models.log_access`): who erased, when, the structure, the
person's former number and how many people — no personal field. See docs/followup.md.

Rows go in SQL, children first, without model instances or signals: the history that
django-simple-history would write on a deletion is exactly what must not exist, and a purge may
erase thousands of people.
"""

from django.db import transaction

from essaim.followup.enums import Action
from essaim.followup.models import Beneficiary, Enrolment, Situation, log_access

CHUNK = 500


def remove(ids):
    """Delete the people of `ids` (Beneficiary ids), their entries, situations and all their
    history rows; return how many people were deleted. Writes no journal line (see `erase`)."""
    ids = sorted(set(ids))
    deleted = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            entries = Enrolment.objects.filter(beneficiary_id__in=chunk).values("pk")
            written = Enrolment.history.filter(beneficiary_id__in=chunk).values("id")
            for queryset in (
                Situation.history.filter(enrolment_id__in=entries),
                Situation.history.filter(enrolment_id__in=written),
                Enrolment.history.filter(beneficiary_id__in=chunk),
                Beneficiary.history.filter(id__in=chunk),
                Situation.objects.filter(enrolment_id__in=entries),
                Enrolment.objects.filter(beneficiary_id__in=chunk),
            ):
                queryset._raw_delete(queryset.db)
            people = Beneficiary.objects.filter(pk__in=chunk)
            deleted += people._raw_delete(people.db)
    return deleted


def erase(beneficiary, user=None):
    """Erase one person on request (their file's page, `manage.py followup_person erase`): the
    journal keeps who erased whom and when."""
    with transaction.atomic():
        log_access(user, Action.ERASE, structure=beneficiary.structure_id, beneficiary=beneficiary)
        remove([beneficiary.pk])


def purge(ids):
    """Erase the people of `ids` (no contact for too long, `manage.py purge_followup`): one
    journal line counts them. Return how many were erased."""
    with transaction.atomic():
        count = remove(ids)
        if count:
            log_access(None, Action.PURGE, count=count)
    return count
