"""Who sees which adoptions, and who records their life (statuses, wave)."""

from django.db.models import Q

from essaim.accounts.perms import (
    is_evaluator,
    is_innovator,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption


def sees_every_adoption(user):
    """Whether `visible_adoptions(user)` is every adoption: the same table for all such readers."""
    return sees_everything(user)


def visible_adoptions(user):
    """Everything for the team and evaluators; for an innovator, the adoptions of its
    innovations and of its own structures; for a structure member, its own; funders none
    (they read counts)."""
    if sees_every_adoption(user):
        return Adoption.objects.all()
    own = member_structure_ids(user)
    if is_innovator(user):
        return Adoption.objects.filter(Q(innovation__porteur__in=own) | Q(structure__in=own))
    if is_structure_member(user):
        return Adoption.objects.filter(structure__in=own)
    return Adoption.objects.none()


def statuses_for(user):
    """The statuses a user may record: every one for the programme team; for an evaluator, the
    statuses the embedded evaluation observes (`AdoptionStatus.evaluation()`); none otherwise."""
    if is_programme_team(user):
        return list(AdoptionStatus)
    if is_evaluator(user):
        return AdoptionStatus.evaluation()
    return []


def can_change_status(user):
    """Record a status change (dated, with its reason): the programme team and evaluators."""
    return bool(statuses_for(user))


def can_change_wave(user):
    """Say which wave an adoption belongs to and who led it: the programme team."""
    return is_programme_team(user)
