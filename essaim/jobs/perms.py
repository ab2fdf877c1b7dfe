"""Who reads which job: its owner; the programme team, every job of its programme."""

from django.db.models import Q

from essaim.accounts.perms import is_programme_team
from essaim.jobs.models import Job


def readable(user):
    """The jobs `user` may read: their own; the team, its programme's (the manager's scope) — a
    job asked outside any programme stays its owner's alone."""
    jobs = Job.objects.select_related("user")
    if is_programme_team(user):
        return jobs.filter(Q(programme__isnull=False) | Q(user=user))
    return jobs.filter(user=user)
