"""Who reads completeness and who reviews the violations of the validation rules."""

from essaim.accounts.perms import is_innovator, sees_everything
from essaim.innovations.perms import carries


def can_open_completeness(user):
    """The gate of the completeness pages: the team, evaluators and innovators (each innovator
    then only for the innovations it carries, see `can_view_completeness`)."""
    return sees_everything(user) or is_innovator(user)


def can_view_completeness(user, innovation):
    """Who reported what, structure by structure: the team and evaluators for every innovation,
    an innovator for the innovations its porteur carries; nobody else."""
    return sees_everything(user) or carries(user, innovation)


def can_review_violations(user):
    """List the violations, run the checks and mark a violation checked: team and evaluators."""
    return sees_everything(user)
