"""Who reads completeness, reviews the violations of the validation rules, enters figures, reads
and manages the indicator dictionary."""

from essaim.accounts.perms import (
    is_innovator,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
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


def can_use_figure_files(user):
    """The gate of the spreadsheet pages (figures template, upload): who enters figures, that is
    the team, evaluators and structure members (each innovation is then checked by
    `can_send_figures`)."""
    return can_use_entry(user)


def figure_structure_ids(user, innovation):
    """The structures whose figures `user` may send for `innovation` by spreadsheet: None for
    all of them (team, evaluators), else the member's own structures that adopted it."""
    if sees_everything(user):
        return None
    if not is_structure_member(user):
        return set()
    own = member_structure_ids(user)
    return set(innovation.adoptions.filter(structure_id__in=own).values_list("structure_id", flat=True))


def can_send_figures(user, innovation):
    """Download the figures template of an innovation and upload it filled in: the team and
    evaluators for every innovation, a structure member for an innovation its structure adopted
    (and then only its own structure's rows)."""
    return figure_structure_ids(user, innovation) != set()


def can_send_innovation_figures(user):
    """Figures for an innovation as a whole (no structure): the team and evaluators."""
    return sees_everything(user)


def can_read_indicators(user):
    """Read the indicator dictionary (definitions, calculations, rules, their history): the team and
    evaluators, who check figures against it."""
    return sees_everything(user)


def can_manage_indicators(user):
    """Create, change and delete indicators and validation rules: the programme team."""
    return is_programme_team(user)
