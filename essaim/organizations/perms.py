"""Who sees which structures."""

from django.db.models import Q

from essaim.accounts.perms import (
    is_innovator,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.organizations.models import Structure
from essaim.programmes import scope
from essaim.swarming.models import Adoption


def can_list_structures(user):
    """Funders read aggregates only: no list of structures."""
    return sees_everything(user) or is_innovator(user) or is_structure_member(user)


def visible_structures(user):
    """Everything for the team and evaluators; for an innovator, its own structures and those
    adopting its innovations; for a structure member, its own structures; otherwise nothing."""
    if sees_everything(user):
        return in_programme(Structure.objects.all())
    own = member_structure_ids(user)
    if is_innovator(user):
        # Through the scoped adoptions: those of the programme's innovations only.
        adopters = Adoption.objects.filter(innovation__porteur__in=own).values("structure_id")
        return Structure.objects.filter(Q(pk__in=own) | Q(pk__in=adopters))
    if is_structure_member(user):
        return Structure.objects.filter(pk__in=own)
    return Structure.objects.none()


def in_programme(structures):
    """The shared registry as the current programme sees it: every named structure, and only the
    placeholders (the unnamed adopters the sources count) of its own innovations."""
    if scope.current_id() is None:
        return structures
    return structures.filter(Q(is_placeholder=False) | Q(pk__in=Adoption.objects.values("structure_id")))


def can_see_members(user):
    """Who belongs to a structure is personal data: programme team only."""
    return is_programme_team(user)


def can_manage_structures(user):
    """Creating, correcting and merging structures of the registry: the programme team."""
    return is_programme_team(user)
