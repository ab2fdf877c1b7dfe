"""The demonstration's collection campaigns, for LREF: last month's figures, open, the deadline a
week ahead (structures still expected), and the month before's, its deadline passed eight days
ago (structures missing), so that the campaigns' pages, the reminders (both dates are reminder
days: `evaluation/reminders.py`) and the to-do pages show something as soon as `make run`
starts. Made again at each start, dated from the day."""

import datetime

from django.utils import timezone

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
        ask(innovation, PAST_TITLE, before, today - datetime.timedelta(days=DAYS_PAST))
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
