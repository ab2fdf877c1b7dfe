"""The demonstration's collection campaigns, for LREF: last month's figures, open, the deadline a
week ahead (structures still expected), and the month before's, its deadline passed eight days
ago (structures missing), so that the campaigns' pages, the reminders (both dates are reminder
days: `evaluation/reminders.py`) and the to-do pages show something as soon as `make run`
starts. Made again at each start, dated from the day.

In the month before's, the review cycle is under way (`demo_review`): the demo structure member's
structure transmitted its figures late and the evaluator returned one of them with a note (its
to-do page shows it to correct); a second structure transmitted on time (the evaluator's to-do
page shows it to validate)."""

import datetime

from django.utils import timezone

from essaim.accounts.models import User
from essaim.evaluation import entry
from essaim.evaluation.campaigns import Campaign
from essaim.innovations.models import Innovation
from essaim.programmes import scope

TITLE = "Chiffres du mois dernier (démonstration)"
PAST_TITLE = "Chiffres du mois précédent (démonstration)"
DAYS_LEFT = 7
DAYS_PAST = 8


def load_demo_campaign(today=None):
    """Create or update the campaigns; return the open one (None when LREF is not loaded)."""
    today = today or timezone.localdate()
    with scope.unscoped():
        innovation = Innovation.objects.filter(code="LREF").select_related("programme").first()
    if innovation is None:
        return None
    period_end = today.replace(day=1) - datetime.timedelta(days=1)
    before = period_end.replace(day=1) - datetime.timedelta(days=1)
    with scope.activate(innovation.programme):
        campaign = ask(innovation, TITLE, period_end, today + datetime.timedelta(days=DAYS_LEFT))
        past = ask(innovation, PAST_TITLE, before, today - datetime.timedelta(days=DAYS_PAST))
        demo_review(innovation, past)
    return campaign


def ask(innovation, title, period_end, deadline):
    campaign, _ = Campaign.objects.update_or_create(
        title=title,
        innovation=innovation,
        defaults={
            "period_end": period_end,
            "opens_on": period_end + datetime.timedelta(days=1),
            "deadline": deadline,
            "lock_after_days": 15,
        },
    )
    return campaign


FIGURES = {"people_reached": "14", "returns_to_employment": "9", "professionals_involved": "3"}  # else nc
MEMBER, EVALUATOR = "structure@demo.essaim.fr", "evaluation@demo.essaim.fr"
NOTE = "9 retours à l'emploi pour 14 personnes en un mois : est-ce bien le mois écoulé seulement ?"


def demo_review(innovation, campaign):
    """The member's structure and a second one transmit the campaign's figures; the evaluator
    returns one of the first's. Nothing is done for an adoption that already has figures for the
    period, or without the demo accounts."""
    from essaim.reference.demo_accounts import demo_structures

    member, evaluator = User.objects.filter(email=MEMBER).first(), User.objects.filter(email=EVALUATOR).first()
    _, adopters = demo_structures()
    if member is None or evaluator is None or len(adopters) < 2:
        return
    for n, structure in enumerate(adopters):
        adoption = innovation.adoptions.get(structure=structure)
        rows = entry.grid_rows(adoption, campaign.period_end)
        if any(row.value for row in rows):
            continue
        asked = {indicator.code for indicator in campaign.asked_indicators()}
        submitted = {row.field: (FIGURES.get(row.field, "nc"), "", entry.NEW) for row in rows if row.field in asked}
        rows, _ = entry.save_grid(adoption, campaign.period_end, submitted, member)
        entry.submit_period(adoption, campaign.period_end, member, entry.seen(rows, entry.SUBMITTED))
        if n == 0:
            returned = next(row for row in rows if row.field == "returns_to_employment")
            entry.return_value(
                adoption, campaign.period_end, evaluator, returned.value.pk, entry.version(returned.value), NOTE
            )
