"""Who sees which adoptions."""

from django.db.models import Q

from essaim.accounts.perms import is_innovator, is_structure_member, member_structure_ids, sees_everything
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
