"""Which programmes an account may work in, and which one a request is in."""

from essaim.programmes.models import Programme


def programmes_for(user):
    """The programmes an account belongs to; every programme for a visitor (public pages) and for
    the installation's technical operators."""
    if not user.is_authenticated or user.is_superuser:
        return list(Programme.objects.all())
    return list(user.programmes.all())


def choose(available, code):
    """The programme named by `code` if the account may work in it, else its first one."""
    for programme in available:
        if programme.code == code:
            return programme
    return available[0] if available else None
