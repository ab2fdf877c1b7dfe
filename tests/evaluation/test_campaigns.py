"""Collection campaigns: the team creates one; its page says, for every structure the
consolidation engine expects on the period end, whether it answered on time, late, not at all
(missing, once the deadline passed) or is still expected; nc and ne are answers, shown apart."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.evaluation.campaign_progress import EXPECTED, LATE, MISSING, ON_TIME, progress
from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.models import Indicator, Value
from tests.evaluation.helpers import put

END = datetime.date(2019, 3, 31)
DEADLINE = datetime.date(2019, 4, 30)


def campaign(world, **fields):
    made = Campaign.objects.create(
        **{
            "title": "Chiffres du premier trimestre 2019",
            "innovation": world.innovation,
            "period_end": END,
            "opens_on": datetime.date(2019, 4, 1),
            "deadline": DEADLINE,
            **fields,
        }
    )
    made.indicators.set(Indicator.objects.filter(code__in=["people_reached", "returns_to_employment"]))
    return made


def entered(value, day):
    Value.objects.filter(pk=value.pk).update(
        entered_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    )


def states(found):
    return {unit.structure.name: (unit.state, unit.answered, unit.nc, unit.ne) for unit in found.units}


def test_who_answered_on_time_late_or_not(world):
    asked = campaign(world)
    for code, raw in (("people_reached", "12"), ("returns_to_employment", "nc")):
        entered(put(world.innovation, code, raw, structure=world.own.structure, end=END), datetime.date(2019, 4, 20))
    late = put(world.innovation, "people_reached", "3", structure=world.other.structure, end=END)
    entered(late, datetime.date(2019, 5, 2))

    before = progress(asked, today=datetime.date(2019, 4, 25))
    assert states(before) == {
        "Structure membre": (ON_TIME, 2, 1, 0),
        "Autre structure": (EXPECTED, 1, 0, 0),
    }
    after = progress(asked, today=datetime.date(2019, 5, 3))
    assert states(after)["Autre structure"] == (MISSING, 1, 0, 0)
    assert after.counts == {MISSING: 1, LATE: 0, EXPECTED: 0, ON_TIME: 1} and after.share(1) == 50
    entered(put(world.innovation, "returns_to_employment", "ne", structure=world.other.structure, end=END), DEADLINE)
    assert states(progress(asked, today=datetime.date(2019, 5, 3)))["Autre structure"] == (LATE, 2, 0, 1)
    # A structure the engine does not expect (another innovation's) is not asked.
    assert world.foreign.structure.name not in states(after)


def test_the_team_creates_a_campaign_and_reads_it(client, world, personas):
    client.force_login(personas["team"])
    form = {
        "title": "Chiffres de mars",
        "innovation": world.innovation.pk,
        "period_end": "2019-03-31",
        "opens_on": "2019-04-01",
        "deadline": "2019-03-15",
        "lock_after_days": "10",
    }
    refused = client.post(reverse("evaluation:campaign_create"), form)
    assert (
        refused.status_code == 400
        and "L&#x27;échéance ne peut pas précéder l&#x27;ouverture." in refused.content.decode()
    )
    form["deadline"] = "2019-04-30"
    made = client.post(reverse("evaluation:campaign_create"), form)
    asked = Campaign.objects.get()
    assert made.url == reverse("evaluation:campaign", args=[asked.pk])
    assert (asked.created_by, asked.locks_on, asked.programme) == (
        personas["team"],
        datetime.date(2019, 5, 10),
        world.innovation.programme,
    )
    page = client.get(made.url).content.decode()
    assert "Chiffres de mars" in page and "Structure membre" in page and "Autre structure" in page
    assert "Structure étrangère" not in page
    assert asked.phase(datetime.date(2019, 4, 2)) == "ouverte" and asked.phase(datetime.date(2019, 5, 11)) == "close"
    client.force_login(personas["evaluator"])
    assert "Chiffres de mars" in client.get(reverse("evaluation:campaigns")).content.decode()


@pytest.mark.parametrize(("opens_on", "message"), [("2019-03-30", "au plus tôt le jour où les chiffres sont arrêtés")])
def test_a_campaign_opens_once_its_period_is_over(client, world, personas, opens_on, message):
    client.force_login(personas["team"])
    form = {"title": "Trop tôt", "period_end": "2019-03-31", "opens_on": opens_on, "deadline": "2019-04-30"}
    form["lock_after_days"] = "15"
    response = client.post(reverse("evaluation:campaign_create"), form)
    assert response.status_code == 400 and message in response.content.decode()


def entry_url(adoption):
    return reverse("evaluation:entry", args=[adoption.pk]) + f"?periode={END.isoformat()}"


def save(client, adoption, raw):
    rows = client.get(entry_url(adoption)).context["rows"]
    data = {"periode": END.isoformat()}
    for row in rows:
        value = raw if row.field == "people_reached" else (row.value.display if row.value else "")
        data[f"value-{row.field}"] = value
        data[f"version-{row.field}"] = row.token
    return client.post(entry_url(adoption), data)


def test_entry_locks_after_the_campaign_but_for_the_team_and_an_exception(client, world, personas):
    asked = campaign(world)  # its lock: 15 May 2019, long past
    client.force_login(personas["member"])
    page = client.get(entry_url(world.own)).content.decode()
    assert "Vous ne pouvez plus modifier ces chiffres : saisie fermée pour les chiffres arrêtés au 31/03/2019" in page
    assert "depuis le 16/05/2019 (campagne « Chiffres du premier trimestre 2019 »)" in page
    refused = save(client, world.own, "12")
    assert refused.status_code == 403 and not Value.objects.exists()

    client.force_login(personas["evaluator"])  # evaluators and the team may still correct
    assert save(client, world.own, "12").status_code == 302
    assert Value.objects.get().number == 12

    client.force_login(personas["team"])
    today = timezone.localdate()
    grant = reverse("evaluation:campaign_exception", args=[asked.pk])
    past = client.post(grant, {"structure": world.own.structure.pk, "until": "2019-01-01", "reason": "retard"})
    assert past.status_code == 400 and "Cette date est passée" in past.content.decode()
    foreign = {"structure": world.foreign.structure.pk, "until": today.isoformat(), "reason": "x"}
    assert client.post(grant, foreign).status_code == 400  # not a structure the campaign expects
    until = today + datetime.timedelta(days=3)
    granted = client.post(grant, {"structure": world.own.structure.pk, "until": until.isoformat(), "reason": "congés"})
    assert granted.status_code == 302
    assert "congés" in client.get(reverse("evaluation:campaign", args=[asked.pk])).content.decode()

    client.force_login(personas["member"])
    assert save(client, world.own, "14").status_code == 302
    assert Value.objects.get().number == 14


def test_an_upload_after_the_lock_names_the_locked_rows(client, world, personas, upload_dir, values_path):
    from tests.evaluation.test_template_pages import filled, post_file

    campaign(world)
    client.force_login(personas["member"])
    response = post_file(client, filled(client, world, {("own", "people_reached"): 36}))
    html = response.content.decode()
    assert "1 erreur : rien n'a été enregistré." in html
    assert "saisie fermée pour les chiffres arrêtés au 31/03/2019" in html
    assert response.context["token"] is None
