"""Failed background work for the to-do page: one's own failed jobs of the last week; for the
team, every failed job of the programme."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from essaim.core.todo import DUE, Item
from essaim.jobs.models import Job
from essaim.jobs.perms import readable

RECENT = timedelta(days=7)


def items(user, today):
    failed = readable(user).filter(status=Job.Status.FAILED, created_at__gte=timezone.now() - RECENT)
    return [
        Item(
            "Travaux en échec",
            job.title,
            reverse("jobs:detail", args=[job.pk]),
            job.error or "Le travail a échoué",
            tone=DUE,
        )
        for job in failed.order_by("-pk")[:20]
    ]
