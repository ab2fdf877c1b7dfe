"""Who sees and runs the mobilisation and swarming of an innovation.

- The programme team records everything: steering committee, AMI and the selection of
  structures, activities and attendance, the toolkit, charters.
- The calendar of activities (dates, places, how many structures and professionals) is read by
  every role; which structures attended is for those who see structures: the team, evaluators,
  the innovation's porteur, and a structure member for its own structure.
- The steering committee (people's names) and the AMI applications: the team, evaluators, the
  innovation's porteur.
- Events and their check against the charter: the team, evaluators and the porteur read every
  event of the innovation; a structure member reads and records its own structure's events;
  the team and evaluators record any.
- The toolkit: anyone, even without an account, downloads a published tool; the team alone
  sees drafts and adds or publishes tools.
"""

from essaim.accounts.perms import (
    can_use_programme,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.innovations.perms import carries


def can_manage_pipeline(user):
    return is_programme_team(user)


def can_view_mobilisation(user, innovation):
    return sees_everything(user) or carries(user, innovation)


def can_view_calendar(user):
    return can_use_programme(user)


def attendance_structure_ids(user, innovation):
    """None: every structure's attendance is shown; otherwise the structures whose attendance
    this user may see by name (its own, for a structure member)."""
    if innovation is not None and can_view_mobilisation(user, innovation):
        return None
    if innovation is None and sees_everything(user):
        return None
    if is_structure_member(user):
        return member_structure_ids(user)
    return set()


def can_open_events(user, innovation):
    return sees_everything(user) or carries(user, innovation) or is_structure_member(user)


def event_structure_ids(user, innovation):
    """None for every event of the innovation; else the organisers whose events this user sees."""
    if sees_everything(user) or carries(user, innovation):
        return None
    if is_structure_member(user):
        return member_structure_ids(user)
    return set()


def can_record_events(user, innovation):
    """The team and evaluators for every event; a member for its structure if it adopted it."""
    if sees_everything(user):
        return True
    if not is_structure_member(user):
        return False
    return innovation.adoptions.filter(structure_id__in=member_structure_ids(user)).exists()


def can_edit_event(user, event):
    if sees_everything(user):
        return True
    return is_structure_member(user) and event.organiser_id in member_structure_ids(user)


def can_manage_toolkit(user):
    return is_programme_team(user)
