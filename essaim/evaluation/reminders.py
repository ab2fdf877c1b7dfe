"""Reminders of the collection campaigns (`manage.py send_reminders`, daily).

On a campaign's reminder days — 7 days and 1 day before its deadline, the day after it, then
weekly until entry locks — each structure that has not answered every indicator asked is
reminded: its referents (`organizations.referents`) get, once a day at most, one digest across
all their structures and programmes listing what is expected and by when — or once a week at
most, or never, as each chose in their account (« Relances »). The messages go
through the task queue (essaim/core/mail.py); each is logged (`Reminder`, its lines), and the
log is what makes a second run the same day send nothing twice.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from essaim.accounts.enums import ReminderFrequency
from essaim.evaluation.campaign_progress import progress
from essaim.evaluation.campaigns import Campaign, Reminder, ReminderLine
from essaim.organizations.referents import referents
from essaim.programmes import scope
from essaim.swarming.models import Adoption

BEFORE = (7, 1)  # days before the deadline


def reminder_day(campaign, day):
    """Whether `day` is one of the campaign's reminder days."""
    if day < campaign.opens_on or day > campaign.locks_on:
        return False
    if day <= campaign.deadline:
        return (campaign.deadline - day).days in BEFORE
    return (day - campaign.deadline).days % 7 == 1


@dataclass
class Owed:
    """What one structure still owes one campaign."""

    campaign: Campaign
    innovation: object
    structure: object
    answered: int
    asked: int
    adoption_id: int | None = None  # where it enters the figures


@dataclass
class Digest:
    user: object
    owed: list = field(default_factory=list)

    @property
    def email(self):
        return self.user.email


def digests(day):
    """user id → Digest of what their structures owe on `day`, across programmes."""
    found = {}
    with scope.unscoped():
        campaigns = [c for c in Campaign.objects.select_related("programme", "innovation") if reminder_day(c, day)]
    for campaign in campaigns:
        with scope.activate(campaign.programme):
            owing = [unit for unit in progress(campaign, day).units if unit.answered < unit.asked]
            leads = defaultdict(list)
            for membership in (
                referents(campaign.programme)
                .filter(structure__in=[unit.structure for unit in owing])
                .select_related("user")
            ):
                if membership.user.is_active:
                    leads[membership.structure_id].append(membership.user)
            adoptions = adoption_ids(campaign, owing)
        for unit in owing:
            adoption = adoptions.get((unit.innovation.pk, unit.structure.pk))
            for user in leads.get(unit.structure.pk, []):
                digest = found.setdefault(user.pk, Digest(user))
                digest.owed.append(Owed(campaign, unit.innovation, unit.structure, unit.answered, unit.asked, adoption))
    return found


def adoption_ids(campaign, units):
    """(innovation id, structure id) → adoption id of the campaign's `units`, in one query."""
    adoptions = Adoption.objects.filter(structure_id__in={unit.structure.pk for unit in units})
    if campaign.innovation_id:
        adoptions = adoptions.filter(innovation_id=campaign.innovation_id)
    return {(i, s): pk for pk, i, s in adoptions.values_list("pk", "innovation_id", "structure_id")}


def entry_url(owed):
    """Where the structure enters the campaign's figures: its entry page for the innovation and
    the campaign's period (the dashboard when the adoption cannot be found)."""
    if owed.adoption_id is None:
        with scope.activate(owed.campaign.programme):
            found = Adoption.objects.filter(innovation=owed.innovation, structure=owed.structure).first()
        owed.adoption_id = found.pk if found else None
    if owed.adoption_id is None:
        return settings.ESSAIM_SITE_URL + reverse("reports:dashboard")
    path = reverse("evaluation:entry", args=[owed.adoption_id]) + f"?periode={owed.campaign.period_end.isoformat()}"
    return settings.ESSAIM_SITE_URL + path


def message(digest):
    lines = sorted(digest.owed, key=lambda o: (o.campaign.deadline, o.structure.name))
    context = {
        "user": digest.user,
        "owed": [(owed, entry_url(owed)) for owed in lines],
        "site": settings.ESSAIM_SITE_URL,
    }
    subject = f"[Essaim] Chiffres attendus : {len(lines)} réponse{'s' if len(lines) > 1 else ''} à transmettre"
    return subject, render_to_string("evaluation/email/reminder.txt", context)


def send(digest, day, *, by_hand=False, sent_by=None):
    """Log the reminder and queue its message; False if the digest of that day was already sent."""
    subject, body = message(digest)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                user=digest.user, email=digest.email, sent_on=day, by_hand=by_hand, sent_by=sent_by
            )
            ReminderLine.objects.bulk_create(
                ReminderLine(
                    reminder=reminder,
                    campaign=owed.campaign,
                    structure=owed.structure,
                    answered=owed.answered,
                    asked=owed.asked,
                )
                for owed in digest.owed
            )
            send_mail(subject, body, None, [digest.email])
    except IntegrityError:  # sent already today (another run)
        return False
    return True


def already_sent(day):
    return set(Reminder.objects.filter(sent_on=day, by_hand=False).values_list("user_id", flat=True))


def sent_this_week(day):
    """Who got an automatic digest in the 6 days before `day`."""
    week = Reminder.objects.filter(sent_on__gte=day - timedelta(days=6), sent_on__lt=day, by_hand=False)
    return set(week.values_list("user_id", flat=True))


def run(day, *, dry_run=False):
    """[(Digest, outcome)] for the day: "envoyé", "déjà envoyé aujourd'hui", "simulation", or why
    the person's choice (their account's « Relances ») holds it back."""
    done, this_week = already_sent(day), sent_this_week(day)
    outcomes = []
    for digest in sorted(digests(day).values(), key=lambda d: d.email):
        frequency = digest.user.reminder_frequency
        if frequency == ReminderFrequency.NONE:
            outcomes.append((digest, "pas de relance (son choix)"))
        elif frequency == ReminderFrequency.WEEKLY and digest.user.pk in this_week:
            outcomes.append((digest, "déjà relancé cette semaine (son choix)"))
        elif digest.user.pk in done:
            outcomes.append((digest, "déjà envoyé aujourd'hui"))
        elif dry_run:
            outcomes.append((digest, "simulation"))
        else:
            outcomes.append((digest, "envoyé" if send(digest, day) else "déjà envoyé aujourd'hui"))
    return outcomes


def remind_structure(campaign, structure, day, sent_by):
    """Remind one structure of one campaign now, by hand: [emails] of its referents reached."""
    with scope.activate(campaign.programme):
        unit = next((u for u in progress(campaign, day).units if u.structure.pk == structure.pk), None)
        users = [m.user for m in referents(campaign.programme).filter(structure=structure).select_related("user")]
    if unit is None:
        return []
    reached = []
    for user in users:
        if user.is_active:
            send(
                Digest(user, [Owed(campaign, unit.innovation, structure, unit.answered, unit.asked)]),
                day,
                by_hand=True,
                sent_by=sent_by,
            )
            reached.append(user.email)
    return reached


def recent(campaign, days=60):
    """The reminders about the campaign, latest first."""
    return (
        ReminderLine.objects.filter(campaign=campaign)
        .select_related("reminder", "reminder__sent_by", "structure")
        .order_by("-reminder__created_at")
        .filter(reminder__sent_on__gte=campaign.opens_on - timedelta(days=days))
    )
