"""Who reads completeness and who reviews the violations of the validation rules."""

from essaim.accounts.perms import is_innovator, is_structure_member, member_structure_ids, sees_everything
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


def can_validate_values(user):
    """Validate entered figures: team and evaluators."""
    return sees_everything(user)


def can_enter_values(user, adoption):
    """Enter an adoption's figures: the team and evaluators for every adoption, a structure
    member for its own structure's."""
    if sees_everything(user):
        return True
    return is_structure_member(user) and adoption.structure_id in member_structure_ids(user)


def can_use_entry(user):
    """The gate of the data-entry pages (each adoption is then checked by `can_enter_values`)."""
    return sees_everything(user) or is_structure_member(user)
