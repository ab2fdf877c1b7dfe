"""The demo's collection campaigns (`create_demo_accounts`): LREF's last month, open with its
deadline ahead (structures still expected), and the month before, its deadline past (structures
missing); made again, not doubled, at each start."""

import datetime

import pytest

from essaim.evaluation.campaign_progress import EXPECTED, MISSING, progress
from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.reminders import reminder_day
from essaim.programmes import scope
from essaim.reference.demo_campaign import load_demo_campaign
from essaim.reference.load import load_reference_data

TODAY = datetime.date(2019, 6, 10)


@pytest.mark.django_db
def test_one_open_campaign_and_one_past_its_deadline():
    load_reference_data()
    opened = load_demo_campaign(TODAY)
    load_demo_campaign(TODAY)
    with scope.activate(opened.programme):
        assert Campaign.objects.count() == 2
        past = Campaign.objects.exclude(pk=opened.pk).get()
        assert (opened.period_end, opened.deadline, opened.phase(TODAY)) == (
            datetime.date(2019, 5, 31),
            datetime.date(2019, 6, 17),
            "ouverte",
        )
        assert (past.period_end, past.phase(TODAY)) == (datetime.date(2019, 4, 30), "échue")
        assert progress(opened, TODAY).counts[EXPECTED] > 0
        assert progress(past, TODAY).counts[MISSING] > 0
        assert reminder_day(opened, TODAY) and reminder_day(past, TODAY)  # so the demo's reminders show
