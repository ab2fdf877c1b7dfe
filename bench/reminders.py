"""The reminders of a national campaign: `manage.py send_reminders` as the daily cron runs it.

On the synthetic national programme (10,000 structures at scale 1.0, each with one referent
written by `generate_national`), a campaign for the whole programme asks 12 indicators of the
last month ended before today — a period without any value yet, so every structure expected
owes every indicator: the heaviest reminder day there is. The command runs on the day 7 days
before the deadline, a reminder day, end to end as the cron runs it (`call_command`): it reads
the campaign's progress, writes the `Reminder` rows and their lines, and queues one message per
referent on the production task backend (the database); the transport behind the queue is
Django's in-memory one, never SMTP. The measure is what one cron run costs; the worker's
delivery is not in it. Between runs the reminders and the queued messages are deleted, so that
each run sends again. Target: under 60 s.

Alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essaim_bench DJANGO_SETTINGS_MODULE=config.settings.bench \
        .venv/bin/python -c "import django; django.setup(); from bench import reminders; reminders.main()"
"""

import io
import re
import time
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.measure import Measure
from essaim.evaluation.campaigns import Campaign, Reminder
from essaim.evaluation.enums import Level
from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation
from essaim.programmes import scope
from essaim.synthetic import national, referents

TITLE = "Campagne nationale du banc d'essai (synthétique)"
INDICATORS = 12
TARGET = 60.0
TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
TASK = "essaim.core.mail.deliver"


def recent_period(today):
    """The last day of the month before `today`'s."""
    return today.replace(day=1) - timedelta(days=1)


def make_campaign(today):
    """The campaign, for the whole synthetic programme; its reminder day (7 days before the
    deadline)."""
    programme = Innovation.objects.filter(code__startswith=national.PREFIX).values_list("programme", flat=True)[0]
    period_end = recent_period(today)
    indicators = list(
        Indicator.objects.base().filter(levels__in=[Level.STRUCTURE, Level.BOTH]).order_by("position", "code")
    )[:INDICATORS]
    with scope.unscoped():
        Campaign.objects.filter(title=TITLE).delete()
        campaign = Campaign.objects.create(
            programme_id=programme,
            title=TITLE,
            innovation=None,
            period_end=period_end,
            opens_on=period_end + timedelta(days=1),
            deadline=period_end + timedelta(days=30),
        )
    campaign.indicators.set(indicators)
    return campaign, campaign.deadline - timedelta(days=7), len(indicators)


def queued():
    """The messages queued to the synthetic referents."""
    return DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args__0__to__0__endswith=f"@{referents.DOMAIN}")


def clean(day):
    """Forget the day's reminders and the messages queued: the next run sends again."""
    with transaction.atomic():
        Reminder.objects.filter(sent_on=day, by_hand=False, user__in=referents.users()).delete()
        queued().delete()


def run_once(day):
    """(seconds, recipients, messages sent, messages queued) of one run of the command."""
    out = io.StringIO()
    started = time.perf_counter()
    call_command("send_reminders", as_of=day.isoformat(), stdout=out)
    elapsed = time.perf_counter() - started
    summary = out.getvalue().strip().splitlines()[-1]
    recipients, sent = (int(n) for n in re.search(r"(\d+) destinataire.*?(\d+) message", summary).groups())
    return elapsed, recipients, sent, queued().count()


def measures(repeat=5):
    """[Measure]: one cron run of the reminders of a national campaign (median of `repeat`)."""
    today = timezone.localdate()
    campaign, day, asked = make_campaign(today)
    runs, found = [], None
    try:
        with override_settings(ESSAIM_EMAIL_DELIVERY_BACKEND=TRANSPORT):
            for _ in range(repeat):
                clean(day)
                elapsed, recipients, sent, queued = run_once(day)
                runs.append(elapsed)
                found = (recipients, sent, queued)
    finally:
        clean(day)
        with scope.unscoped():
            Campaign.objects.filter(pk=campaign.pk).delete()
    recipients, sent, queued = found
    structures = referents.users().count()

    def n(count):
        return f"{count:,}".replace(",", "\u202f")

    label = (
        f"Relances d'une campagne nationale ({n(structures)} structures, {asked} indicateurs) : "
        f"{n(recipients)} destinataires, {n(sent)} messages mis en file ({n(queued)} tâches)"
    )
    return [Measure(label, runs, target=TARGET)]


def main():
    for measure in measures():
        low, high = min(measure.runs), max(measure.runs)
        print(f"{measure.name} : médiane {measure.median:.3f} s (min {low:.3f}, max {high:.3f})")
