"""An adoption's life in pages: the team (and an evaluator, for the evaluation statuses) records
a status with its date and reason; the dates never go backwards; the wave and who led it."""

import datetime

import pytest
from django.urls import reverse

from essaim.organizations.models import Network
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange

D = datetime.date


def url(adoption):
    return reverse("swarming:adoption", args=[adoption.pk])


def change(client, adoption, status, on, note="entretien téléphonique", **extra):
    return client.post(url(adoption), {"status": status, "on": on, "note": note, **extra})


def test_the_team_records_a_past_status_with_its_reason(client, world, personas):
    team = personas["team"]
    client.force_login(team)
    response = change(client, world.own, "trained", "2016-11-30", note="formation terminée")
    assert response.status_code == 302
    assert response.url == reverse("innovations:detail", args=["ALPHA"])
    world.own.refresh_from_db()
    assert world.own.status == AdoptionStatus.TRAINED
    entry = world.own.status_changes.order_by("-on").first()
    assert (entry.on, entry.note, entry.recorded_by) == (D(2016, 11, 30), "formation terminée", team)


def test_it_goes_back_to_the_page_it_came_from(client, world, personas):
    client.force_login(personas["team"])
    back = reverse("organizations:detail", args=[world.own.structure.pk])
    response = change(client, world.own, "trained", "2017-01-10", retour=back)
    assert response.url == back
    response = change(client, world.other, "trained", "2017-01-10", retour="https://ailleurs.example/")
    assert response.url == reverse("innovations:detail", args=["ALPHA"])


@pytest.mark.parametrize(
    "on, message",
    [
        ("2016-05-01", "L&#x27;historique ne peut pas remonter le temps"),  # before « Retenue » of 2016-06-01
        ((D.today() + datetime.timedelta(days=1)).isoformat(), "ne peut pas être dans le futur"),
    ],
)
def test_a_date_before_the_previous_change_or_in_the_future_is_refused(client, world, personas, on, message):
    client.force_login(personas["team"])
    response = change(client, world.own, "trained", on)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Rien n'a été enregistré" in html  # the summary at the top of the form
    assert world.own.status_changes.count() == 1


def test_the_same_day_as_the_previous_change_is_allowed(client, world, personas):
    client.force_login(personas["team"])
    assert change(client, world.own, "abandoned", "2016-06-01").status_code == 302
    assert list(world.own.status_changes.values_list("status", flat=True)) == ["selected", "abandoned"]


def test_a_reason_is_required(client, world, personas):
    client.force_login(personas["team"])
    response = change(client, world.own, "trained", "2017-01-10", note="")
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    assert world.own.status_changes.count() == 1


def test_the_current_status_is_not_offered_again(client, world, personas):
    client.force_login(personas["team"])
    response = change(client, world.own, "selected", "2017-01-10")
    assert response.status_code == 400
    assert world.own.status_changes.count() == 1


def test_an_evaluator_records_the_evaluation_statuses_only(client, world, personas):
    client.force_login(personas["evaluator"])
    html = client.get(url(world.own)).content.decode()
    assert 'value="considering"' in html and 'value="abandoned"' in html
    assert 'value="trained"' not in html and 'value="selected"' not in html
    assert change(client, world.own, "trained", "2017-01-10").status_code == 400
    assert change(client, world.own, "considering", "2019-03-01").status_code == 302
    world.own.refresh_from_db()
    assert world.own.status == AdoptionStatus.CONSIDERING


def test_the_history_shows_who_recorded_what(client, world, personas):
    team = personas["team"]
    client.force_login(team)
    change(client, world.own, "trained", "2016-11-30", note="formation terminée")
    html = client.get(url(world.own)).content.decode()
    assert "formation terminée" in html and str(team) in html
    assert "30 novembre 2016" in html


def test_the_team_sets_the_wave_and_the_network_that_led_it(client, world, personas):
    coorace = Network.objects.create(code="COORACE", name="COORACE")
    client.force_login(personas["team"])
    response = client.post(
        reverse("swarming:wave", args=[world.own.pk]), {"wave": "cohorte 2", "wave_led_by": coorace.pk}
    )
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert (world.own.wave, world.own.wave_led_by) == ("cohorte 2", coorace)
    assert world.own.history.count() == 2  # who changed it is kept
    html = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    assert "cohorte 2" in html and "menée par COORACE" in html


def test_innovation_and_structure_pages_lead_to_the_change(client, world, personas):
    link = url(world.own)
    for role, shown in [("team", True), ("evaluator", True), ("innovator", False), ("member", False)]:
        client.force_login(personas[role])
        innovation = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
        structure = client.get(reverse("organizations:detail", args=[world.own.structure.pk])).content.decode()
        assert (link in innovation, link in structure) == (shown, shown), role


def test_a_recorded_change_shows_at_once_on_the_innovation_page(client, world, personas):
    client.force_login(personas["team"])
    page = reverse("innovations:detail", args=["ALPHA"])
    assert "Abandons : <strong>0/2</strong>" in client.get(page).content.decode()
    change(client, world.own, "abandoned", "2018-01-01")
    assert "Abandons : <strong>1/2</strong>" in client.get(page).content.decode()
    assert StatusChange.objects.filter(adoption=world.own, status="abandoned").exists()
