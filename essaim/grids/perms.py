"""Who reads and writes the embedded evaluation: plans, grids, observations, findings.

Built on the vocabulary of accounts/perms.py (docs/grids.md, « Permissions »):

- the programme team and evaluators read everything, define grids and plans, rate every
  adoption and write findings;
- an innovator reads the grids, plan, reports and findings of the innovations its porteur
  carries, structure by structure; other innovations as aggregates;
- a structure member rates its own adoptions only, and reads its own rows beside the
  aggregates; it reads the findings not tied to another structure;
- a funder reads aggregates only: shares of structures per level, bands, trends; findings
  not tied to a structure; never a structure's name, row or comment.
"""

from django.db.models import Q

from essaim.accounts.perms import (
    can_use_programme,
    is_innovator,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.innovations.perms import carries

ALL = None  # every structure, by name


def can_open_evaluation(user):
    """The gate of the evaluation pages: every role reads plans and aggregated grids."""
    return can_use_programme(user)


def can_manage_evaluation(user):
    """Define grids, edit plans and upload phase reports, write findings: team and evaluators."""
    return sees_everything(user)


def can_open_structure_ratings(user):
    """The gate of a structure's ratings page: funders read aggregates only (403); each
    adoption is then checked by `visible_structure_ids` (404 when hidden)."""
    return sees_everything(user) or is_innovator(user) or is_structure_member(user)


def sees_structures(user, innovation):
    """Structure by structure, with names and comments: team, evaluators, the porteur."""
    return sees_everything(user) or carries(user, innovation)


def own_adopter_ids(user, innovation):
    """The member's own structures that adopted `innovation`."""
    if not is_structure_member(user):
        return set()
    own = member_structure_ids(user)
    return set(innovation.adoptions.filter(structure_id__in=own).values_list("structure_id", flat=True))


def visible_structure_ids(user, innovation):
    """Which rows of a grid the user reads by name: ALL, or a set (possibly empty: aggregates only)."""
    if sees_structures(user, innovation):
        return ALL
    return own_adopter_ids(user, innovation)


def can_rate(user, adoption):
    """Rate an adoption: team and evaluators for every adoption, a member for its own structure's."""
    if sees_everything(user):
        return True
    return is_structure_member(user) and adoption.structure_id in member_structure_ids(user)


def can_use_rating(user):
    """The gate of the rating pages and files (each adoption is then checked by `can_rate`)."""
    return sees_everything(user) or is_structure_member(user)


def rating_structure_ids(user, innovation):
    """The structures whose ratings `user` may enter for `innovation`: ALL or a set."""
    if sees_everything(user):
        return ALL
    return own_adopter_ids(user, innovation)


def can_rate_innovation(user, innovation):
    return rating_structure_ids(user, innovation) != set()


def can_download_report(user, innovation):
    """Phase reports name structures: team, evaluators and the innovation's porteur."""
    return sees_structures(user, innovation)


def finding_visible(user, finding):
    """A finding tied to a structure is read by those who see the innovation's structures, and
    by that structure's members; one about the innovation as a whole by every role."""
    if finding.structure_id is None:
        return can_use_programme(user)
    if sees_structures(user, finding.innovation):
        return True
    return is_structure_member(user) and finding.structure_id in member_structure_ids(user)


def visible_findings(user, findings):
    """Filter a Finding queryset to what `user` reads (same rule as `finding_visible`)."""
    if not can_use_programme(user):
        return findings.none()
    if sees_everything(user):
        return findings
    own = member_structure_ids(user)
    allowed = Q(structure__isnull=True)
    if is_structure_member(user):
        allowed |= Q(structure__in=own)
    if is_innovator(user):
        allowed |= Q(innovation__porteur__in=own)
    return findings.filter(allowed)
