"""Which programmes an account may work in, and which one a request is in."""

from essaim.programmes.models import Programme


def programmes_for(user):
    """The programmes an account belongs to; every programme for a visitor (public pages) and for
    the installation's technical operators. Read once per request (the account object keeps it)."""
    known = getattr(user, "_essaim_programmes", None)
    if known is not None:
        return known
    if not user.is_authenticated or user.is_superuser:
        known = list(Programme.objects.all())
    else:
        known = list(user.programmes.all())
    user._essaim_programmes = known
    return known


def choose(available, code):
    """The programme named by `code` if the account may work in it, else its first one."""
    for programme in available:
        if programme.code == code:
            return programme
    return available[0] if available else None
