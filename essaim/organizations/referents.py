"""Referents: the people of a structure reminders go to (a structure member who is its referent,
or the lead of a porteur's team). Every named structure the programme follows — adopting one of
its innovations, or carrying one — needs an active one; the team's pages flag those without."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from essaim.accounts.enums import STRUCTURE_ROLES
from essaim.accounts.models import Membership
from essaim.innovations.models import Innovation
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption


def referents(programme):
    return Membership.objects.active().filter(programme=programme, is_lead=True, role__in=STRUCTURE_ROLES)


def followed_condition():
    """The named structures of the current programme: adopting one of its innovations (from
    selection on, until they give it up) or carrying one (through the scoped managers)."""
    adopting = Adoption.objects.filter(status__in=AdoptionStatus.counted()).values("structure_id")
    carrying = Innovation.objects.values("porteur_id")
    return (Q(pk__in=adopting) | Q(pk__in=carrying)) & Q(is_placeholder=False)


def with_referent_flag(structures, programme):
    """Annotate `needs_referent`: followed here, and no active referent in this programme."""
    no_referent = ~Exists(referents(programme).filter(structure=OuterRef("pk")))
    return structures.annotate(
        needs_referent=ExpressionWrapper(no_referent & followed_condition(), output_field=BooleanField())
    )


def needs_referent(structure, programme):
    flagged = with_referent_flag(type(structure).objects.filter(pk=structure.pk), programme)
    return flagged.filter(needs_referent=True).exists()
