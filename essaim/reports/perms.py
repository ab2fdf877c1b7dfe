"""Who reads which report. Reports are aggregates: every role reads the programme's tables;
figures structure by structure are for those who see the structures."""

from essaim.accounts.perms import can_use_programme, is_structure_member, member_structure_ids, sees_everything
from essaim.innovations.perms import carries
from essaim.programmes.access import programmes_for


def can_read_reports(user):
    return can_use_programme(user)


def can_read_across(user):
    """The programmes side by side: anyone who reads the reports of more than one."""
    return can_read_reports(user) and len(programmes_for(user)) > 1


def sees_unit_figures(user, innovation):
    """Figures structure by structure, with the structures' names: the programme team,
    evaluators, and the innovation's porteur."""
    return sees_everything(user) or carries(user, innovation)


def own_structure_ids(user):
    """A structure member sees its own structures' figures beside the programme's."""
    return member_structure_ids(user) if is_structure_member(user) else set()
