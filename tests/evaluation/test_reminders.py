"""`manage.py send_reminders`: on a campaign's reminder days, the referents of the structures
that have not answered every indicator get one digest a day across their structures and
programmes, through the queue; --dry-run writes nothing; a second run the same day sends nothing."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from essaim.evaluation.campaigns import Campaign, Reminder, ReminderLine
from essaim.evaluation.models import Indicator
from essaim.evaluation.reminders import remind_structure, reminder_day
from tests.evaluation.helpers import put
from tests.factories import UserFactory

END = datetime.date(2019, 3, 31)
DEADLINE = datetime.date(2019, 4, 30)


@pytest.fixture
def asked(world):
    campaign = Campaign.objects.create(
        title="Premier trimestre 2019",
        innovation=world.innovation,
        period_end=END,
        opens_on=datetime.date(2019, 4, 1),
        deadline=DEADLINE,
        lock_after_days=15,
    )
    campaign.indicators.set(Indicator.objects.filter(code__in=["people_reached", "returns_to_employment"]))
    return campaign


@pytest.fixture
def referents(world):
    own = UserFactory(member=True, lead=True, structures=[world.own.structure], email="ref.own@exemple.fr")
    other = UserFactory(member=True, lead=True, structures=[world.other.structure], email="ref.other@exemple.fr")
    UserFactory(member=True, structures=[world.other.structure], email="collegue@exemple.fr")  # not a referent
    return own, other


def reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminder_days(asked):
    days = [d for d in (asked.opens_on + datetime.timedelta(n) for n in range(60)) if reminder_day(asked, d)]
    assert days == [
        datetime.date(2019, 4, 23),  # 7 days before
        datetime.date(2019, 4, 29),  # the day before
        datetime.date(2019, 5, 1),  # the day after
        datetime.date(2019, 5, 8),  # then weekly, until entry locks (15 May)
        datetime.date(2019, 5, 15),
    ]


def test_the_referents_of_late_structures_only_once_a_day(world, asked, referents):
    for code in ("people_reached", "returns_to_employment"):
        put(world.innovation, code, "nc", structure=world.own.structure, end=END)  # own answered (nc is an answer)

    simulated = reminders("--dry-run", "--as-of", "2019-04-23")
    assert "ref.other@exemple.fr : 1 réponse(s) attendue(s) (Autre structure) — simulation" in simulated
    assert "ref.own@exemple.fr" not in simulated and "collegue@exemple.fr" not in simulated
    assert not Reminder.objects.exists() and mail.outbox == []

    sent = reminders("--as-of", "2019-04-23")
    assert "ref.other@exemple.fr : 1 réponse(s) attendue(s) (Autre structure) — envoyé" in sent
    (message,) = mail.outbox
    assert message.to == ["ref.other@exemple.fr"]
    assert "Autre structure — Alpha, chiffres arrêtés au 31 mars 2019 : 0 indicateur renseigné sur 2" in message.body
    assert f"/evaluation/saisie/{world.other.pk}/?periode=2019-03-31" in message.body
    line = ReminderLine.objects.get()
    assert (line.structure, line.answered, line.asked, line.reminder.sent_on) == (
        world.other.structure,
        0,
        2,
        datetime.date(2019, 4, 23),
    )

    again = reminders("--as-of", "2019-04-23")
    assert "— déjà envoyé aujourd'hui" in again and len(mail.outbox) == 1
    assert "0 destinataire" in reminders("--as-of", "2019-04-24")  # not a reminder day


def test_one_digest_across_campaigns(world, asked, referents):
    second = Campaign.objects.create(
        title="Avril 2019",
        innovation=world.innovation,
        period_end=datetime.date(2019, 4, 30),
        opens_on=datetime.date(2019, 4, 30),
        deadline=DEADLINE,
    )
    assert second.asked_indicators()  # every structure-level indicator
    reminders("--as-of", "2019-04-29")
    to_other = [m for m in mail.outbox if m.to == ["ref.other@exemple.fr"]]
    assert len(to_other) == 1 and "31 mars 2019" in to_other[0].body and "30 avril 2019" in to_other[0].body


def test_a_structure_reminded_by_hand(world, asked, referents, personas):
    reached = remind_structure(asked, world.other.structure, datetime.date(2019, 4, 10), personas["team"])
    assert reached == ["ref.other@exemple.fr"] and len(mail.outbox) == 1
    reminder = Reminder.objects.get()
    assert reminder.by_hand and reminder.sent_by == personas["team"]
    reminders("--as-of", "2019-04-10")  # a digest the same day is still possible (not a reminder day here)


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="n'est pas une date"):
        call_command("send_reminders", "--as-of", "demain")


def test_the_campaign_page_reminds_one_structure_and_lists_reminders(client, world, asked, referents, personas):
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()  # an open campaign: the page offers to remind
    start = today - datetime.timedelta(days=10)
    Campaign.objects.filter(pk=asked.pk).update(period_end=start, opens_on=start, deadline=today)
    client.force_login(personas["team"])
    page = client.get(reverse("evaluation:campaign", args=[asked.pk])).content.decode()
    assert ">Relancer</button>" in page and "Aucune relance pour l'instant." in page
    url = reverse("evaluation:campaign_remind", args=[asked.pk, world.other.structure.pk])
    done = client.post(url, follow=True).content.decode()
    assert "Relance envoyée à ref.other@exemple.fr." in done and "à la main, par" in done
    assert mail.outbox[0].to == ["ref.other@exemple.fr"]
    nobody = client.post(
        reverse("evaluation:campaign_remind", args=[asked.pk, world.foreign.structure.pk]), follow=True
    )
    assert "personne à relancer" in nobody.content.decode() and len(mail.outbox) == 1


def test_each_person_chooses_how_often(client, world, asked, referents):
    own, other = referents
    other.reminder_frequency = "weekly"
    other.save()
    from django.urls import reverse

    client.force_login(own)
    page = client.get(reverse("evaluation:reminder_settings")).content.decode()
    assert "Au plus une fois par semaine" in page and "Jamais" in page
    assert client.post(reverse("evaluation:reminder_settings"), {"reminder_frequency": "none"}).status_code == 302
    own.refresh_from_db()
    assert own.reminder_frequency == "none"
    assert client.post(reverse("evaluation:reminder_settings"), {"reminder_frequency": "souvent"}).status_code == 400

    first = reminders("--as-of", "2019-04-23")
    assert "ref.own@exemple.fr : 1 réponse(s) attendue(s) (Structure membre) — pas de relance (son choix)" in first
    assert "ref.other@exemple.fr : 1 réponse(s) attendue(s) (Autre structure) — envoyé" in first
    later = reminders("--as-of", "2019-04-29")  # six days later: the weekly one waits
    assert "ref.other@exemple.fr : 1 réponse(s) attendue(s) (Autre structure) — déjà relancé cette semaine" in later
    assert [m.to for m in mail.outbox] == [["ref.other@exemple.fr"]]
    assert "— envoyé" in reminders("--as-of", "2019-05-01")  # a week on


def test_the_completeness_page_names_the_campaign_and_its_reminders(client, world, asked, referents, personas):
    from django.urls import reverse

    reminders("--as-of", "2019-04-23")
    client.force_login(personas["team"])
    page = client.get(reverse("evaluation:completeness", args=["ALPHA"]) + "?periode=2019-03-31").content.decode()
    assert (
        "« Premier trimestre 2019 »</a>, échéance le 30 avril 2019 : 2 relances envoyées, la dernière le 23 avril 2019"
        in page
    )
    client.force_login(personas["innovator"])  # reads completeness, not the campaigns' pages
    page = client.get(reverse("evaluation:completeness", args=["ALPHA"]) + "?periode=2019-03-31").content.decode()
    assert "Campagne de collecte « Premier trimestre 2019 », échéance" in page
    assert reverse("evaluation:campaign", args=[asked.pk]) not in page


def test_the_completeness_page_reminds_one_structure_for_the_team(client, world, asked, referents, personas):
    from django.urls import reverse

    completeness = reverse("evaluation:completeness", args=["ALPHA"]) + "?periode=2019-03-31"
    remind = reverse("evaluation:campaign_remind", args=[asked.pk, world.other.structure.pk])
    client.force_login(personas["team"])
    assert remind in client.get(completeness).content.decode()
    response = client.post(remind, {"suivant": completeness})
    assert response.status_code == 302 and response.url == completeness
    assert [m.to for m in mail.outbox] == [["ref.other@exemple.fr"]]
    assert client.post(remind, {"suivant": "https://ailleurs.example/"}).url == reverse(
        "evaluation:campaign", args=[asked.pk]
    )
    client.force_login(personas["evaluator"])  # reads the page, does not remind
    assert remind not in client.get(completeness).content.decode()


def test_a_whole_programme_campaign_links_each_structure_to_its_entry_page(world, asked, referents):
    asked.innovation = None
    asked.save()
    reminders("--as-of", "2019-04-23")
    (message,) = [m for m in mail.outbox if m.to == ["ref.other@exemple.fr"]]
    assert f"/evaluation/saisie/{world.other.pk}/?periode=2019-03-31" in message.body
