"""Who runs the calls, who applies, who reviews, who sees the scores.

- The programme team runs everything: calls, pre-selection, reviewers, the committee's
  decision (the selection committee's decision is recorded by the team), feasibility studies.
- Reviewers are people the team assigns to a candidate: programme team members, evaluators or
  funders (members of the selection committee). Nobody reviews a candidate carried by a
  structure they belong to, and a reviewer sees the other reviewers' scores only once their own
  review is sent.
- Innovators apply to an open call for a structure they belong to, and follow their own
  applications (never the reviews).
- Structure members have no part in the calls.
"""

from essaim.accounts.enums import Role
from essaim.accounts.memberships import active_memberships
from essaim.accounts.perms import has_role, is_innovator, is_programme_team, member_structure_ids, sees_everything
from essaim.innovations.perms import carries

REVIEWER_ROLES = (Role.PROGRAMME_TEAM, Role.EVALUATOR, Role.FUNDER)


def can_list_calls(user):
    return has_role(user, Role.PROGRAMME_TEAM, Role.EVALUATOR, Role.FUNDER, Role.INNOVATOR)


def can_manage_calls(user):
    return is_programme_team(user)


def can_be_reviewer(user):
    return has_role(user, *REVIEWER_ROLES)


def can_open_applications(user):
    """The application form: the team, and innovators (for an open call)."""
    return is_programme_team(user) or is_innovator(user)


def can_apply(user, call):
    """The team records applications received otherwise; an innovator applies to an open call."""
    return is_programme_team(user) or (is_innovator(user) and call.is_open)


def organisation_ids(user):
    """Every structure a user belongs to, whatever the membership and the programme (for conflicts
    of interest)."""
    return {m.structure_id for m in active_memberships(user) if m.structure_id}


def conflict_of_interest(user, candidate):
    """Why `user` may not review `candidate` (a French sentence), or None."""
    if candidate.porteur_id in organisation_ids(user):
        return (
            f"{user} appartient à {candidate.porteur}, la structure qui porte ce projet : "
            "personne n'évalue une candidature de sa propre organisation."
        )
    return None


def visible_candidates(user, candidates):
    """The team sees every candidate; a reviewer those assigned to them; an innovator the
    applications of its structures; nobody else any."""
    if is_programme_team(user):
        return candidates
    if can_be_reviewer(user):
        return candidates.filter(reviews__reviewer=user).distinct()
    if is_innovator(user):
        return candidates.filter(porteur__in=member_structure_ids(user))
    return candidates.none()


def sees_scores(user, candidate, own_review):
    """The other reviewers' scores: the team sees them unless it reviews this candidate itself;
    a reviewer only after sending their own review; applicants never."""
    if own_review is not None:
        return own_review.is_submitted
    return is_programme_team(user)


def can_read_minutes(user, own_review):
    """The committee's minutes: the team and the candidate's reviewers."""
    return is_programme_team(user) or own_review is not None


def can_view_feasibility(user, innovation):
    return sees_everything(user) or carries(user, innovation)


def can_list_feasibility(user):
    return sees_everything(user)


def can_edit_feasibility(user):
    return is_programme_team(user)
