"""The permission vocabulary: who a user is. Each app's perms.py builds on these predicates.

Deny by default: an anonymous, inactive or role-less user satisfies none of them.
"""

from essaim.accounts.enums import Role
from essaim.accounts.memberships import current_membership


def has_role(user, *roles):
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def is_programme_team(user):
    return has_role(user, Role.PROGRAMME_TEAM)


def uses_admin(user):
    """The Django admin: the installation's technical operators (superusers), across programmes, and
    the programme team within its programme (User.is_staff)."""
    return bool(user and user.is_authenticated and user.is_staff)


def is_evaluator(user):
    return has_role(user, Role.EVALUATOR)


def is_innovator(user):
    return has_role(user, Role.INNOVATOR)


def is_structure_member(user):
    return has_role(user, Role.STRUCTURE_MEMBER)


def is_funder(user):
    return has_role(user, Role.FUNDER)


def sees_everything(user):
    """The programme team and evaluators read every structure-level record."""
    return has_role(user, Role.PROGRAMME_TEAM, Role.EVALUATOR)


def can_use_programme(user):
    """Any active user with a role reads the programme's pages."""
    return has_role(user, *Role.values)


def member_structure_ids(user):
    """The structure the user works for under their current membership: the porteur for an
    innovator, their structure for a member (a person of two structures switches between them)."""
    if not has_role(user, Role.INNOVATOR, Role.STRUCTURE_MEMBER):
        return set()
    membership = current_membership(user)
    return {membership.structure_id} if membership is not None and membership.structure_id else set()
