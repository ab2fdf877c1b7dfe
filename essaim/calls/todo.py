"""The calls' work for the to-do page: the candidatures a reviewer was assigned and has not
reviewed yet; for the team, each call's candidatures still waiting for the committee."""

from django.db.models import Count, Q
from django.urls import reverse

from essaim.accounts.perms import is_programme_team
from essaim.calls.enums import Outcome
from essaim.calls.models import Call, Review
from essaim.core.todo import DUE, WAITING, Item

REVIEWS = "Candidatures à évaluer"
PENDING = "Candidatures en attente de décision"
UNDECIDED = ["", Outcome.POSTPONED]


def items(user, today):
    found = []
    mine = Review.objects.filter(
        reviewer=user, submitted_at__isnull=True, conflict_declared=False, candidate__outcome__in=UNDECIDED
    ).select_related("candidate__call", "candidate__porteur")
    for review in mine.order_by("assigned_at", "pk"):
        candidate = review.candidate
        found.append(
            Item(
                REVIEWS,
                str(candidate),
                reverse("calls:candidate", args=[candidate.pk]) + "#mon-evaluation",
                f"{candidate.call} · désigné le {review.assigned_at:%d/%m/%Y}",
                tone=DUE,
            )
        )
    if is_programme_team(user):
        calls = Call.objects.annotate(waiting=Count("candidates", filter=Q(candidates__outcome__in=UNDECIDED))).filter(
            waiting__gt=0
        )
        for call in calls.order_by("pk"):
            found.append(
                Item(
                    PENDING,
                    str(call),
                    reverse("calls:detail", args=[call.pk]),
                    f"{call.waiting} candidature{'s' if call.waiting > 1 else ''} sans décision",
                    tone=WAITING,
                )
            )
    return found
