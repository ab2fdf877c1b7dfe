"""Which programmes an account may work in, under which membership, and which programme a
request is in."""

from essaim.accounts.memberships import active_memberships
from essaim.programmes.models import Programme


def programmes_for(user):
    """The programmes of an account's active memberships; every programme for a visitor (public
    pages) and for the installation's technical operators. Read once per request (the account
    object keeps it)."""
    known = getattr(user, "_essaim_programmes", None)
    if known is not None:
        return known
    if not user.is_authenticated or user.is_superuser:
        known = list(Programme.objects.all())
    else:
        known = list({m.programme_id: m.programme for m in active_memberships(user)}.values())
    user._essaim_programmes = known
    return known


def choose(available, code):
    """The programme named by `code` if the account may work in it, else its first one."""
    for programme in available:
        if programme.code == code:
            return programme
    return available[0] if available else None


def choose_membership(memberships, pk):
    """The membership numbered `pk` among the account's active ones, else its first one."""
    for membership in memberships:
        if str(membership.pk) == str(pk):
            return membership
    return memberships[0] if memberships else None


def first_in(memberships, programme):
    return next((m for m in memberships if m.programme_id == programme.pk), None)
