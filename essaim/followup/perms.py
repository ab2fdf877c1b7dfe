"""Who sees people, and who sees only aggregates.

Person-level rows (a person's file, lists, exports, erasure) are for the structure that follows
the person and for the programme team; nobody else, not even evaluators or the innovation's
porteur. Every other reading is aggregated, with small counts protected (viewer.Viewer).
"""

from essaim.accounts.perms import (
    can_use_programme,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.followup.viewer import Viewer
from essaim.innovations.perms import carries


def can_open_followup(user):
    """The follow-up home and the aggregated outcomes: every role (aggregates only)."""
    return can_use_programme(user)


def can_follow_people(user):
    """The gate of the person-level pages: the programme team and structure members (each
    structure is then checked by `sees_people`)."""
    return is_programme_team(user) or is_structure_member(user)


def sees_people(user, structure):
    """A structure's people: the programme team, and the members of that structure."""
    if is_programme_team(user):
        return True
    return is_structure_member(user) and structure.pk in member_structure_ids(user)


def people_structure_ids(user):
    """The structures whose people `user` sees: None for all (programme team)."""
    if is_programme_team(user):
        return None
    if is_structure_member(user):
        return set(member_structure_ids(user))
    return set()


def can_read_access_log(user):
    return is_programme_team(user)


def can_see_structure_breakdown(user, innovation):
    """Outcomes structure by structure (names shown): the team, evaluators and the innovation's
    porteur, as for the consolidated figures; always protected unless exact."""
    return innovation is not None and (sees_everything(user) or carries(user, innovation))


def viewer_for(user, structure=None, masked=False):
    """How `user` reads aggregates: exact for the programme team (unless it asks to see them as a
    funder would, `masked`) and for a structure reading its own people; otherwise protected,
    computed without what the user's own structures already tell it."""
    if is_programme_team(user) and not masked:
        return Viewer(exact=True)
    if structure is not None and sees_people(user, structure) and not masked:
        return Viewer(exact=True)
    own = frozenset() if is_programme_team(user) else frozenset(member_structure_ids(user))
    return Viewer(exact=False, own=own)
