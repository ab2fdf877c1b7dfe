"""Who a person is, where: their memberships, and the one they work under now.

A membership (`models.Membership`) is a role in a programme — the team, an evaluator, a funder —
or, for an innovator (the porteur's team) and a structure member, a role within one structure of
a programme. A person holds any number; each request works under one, chosen in the header (the
middleware of essaim/programmes), and every permission reads that one (`current_membership`,
`User.role`). Outside a request (a command, a job, a test) it is the first active membership in
the current programme.
"""


def active_memberships(user):
    """The user's active memberships in the header's order; none for a visitor."""
    if not (user and user.is_authenticated):
        return []
    return user.active_memberships()


def current_membership(user):
    """The membership the user works under now, or None."""
    if not (user and user.is_authenticated):
        return None
    return user.membership


def work_under(user, membership):
    """Make `membership` the user's current one (the middleware, from the header's choice)."""
    user._current_membership = membership
