"""Who enters and validates figures. (To merge into evaluation/perms.py.)"""

from essaim.accounts.enums import Role
from essaim.accounts.perms import has_role, is_structure_member, member_structure_ids


def can_validate_values(user):
    return has_role(user, Role.PROGRAMME_TEAM, Role.EVALUATOR)


def can_enter_values(user, adoption):
    """The team and evaluators for every adoption; a structure member for its own structure's."""
    if can_validate_values(user):
        return True
    return is_structure_member(user) and adoption.structure_id in member_structure_ids(user)


def can_use_entry(user):
    return can_validate_values(user) or is_structure_member(user)
