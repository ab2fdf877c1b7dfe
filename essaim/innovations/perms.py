"""Who reads and changes innovations."""

from essaim.accounts.perms import can_use_programme, is_innovator, is_programme_team, member_structure_ids


def can_view_innovations(user):
    """Innovations are the programme's public face: every role reads them."""
    return can_use_programme(user)


def can_change_step(user):
    return is_programme_team(user)


def can_create_innovation(user):
    return is_programme_team(user)


def carries(user, innovation):
    """The user is an innovator of this innovation's porteur."""
    return is_innovator(user) and innovation.porteur_id in member_structure_ids(user)
