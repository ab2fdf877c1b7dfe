import datetime

from django.urls import reverse

from essaim.innovations.models import Innovation


def payload(porteur, **extra):
    data = {
        "code": "NOUVELLE",
        "name": "Nouvelle innovation",
        "porteur": porteur.pk,
        "territory_type": "rural",
        "entered_on": "2020-01-15",
    }
    data.update(extra)
    return data


def test_the_team_creates_an_innovation_at_identification(client, world, personas):
    client.force_login(personas["team"])
    response = client.post(reverse("innovations:create"), payload(world.porteur))
    assert response.status_code == 302
    innovation = Innovation.objects.get(code="NOUVELLE")
    assert innovation.step == "identification"
    assert innovation.step_changes.get().on == datetime.date(2020, 1, 15)


def test_bad_input_says_what_and_writes_nothing(client, world, personas):
    client.force_login(personas["team"])
    response = client.post(reverse("innovations:create"), payload(world.porteur, code="pas bon", entered_on=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le code s&#x27;écrit en majuscules" in html and "Ce champ est obligatoire" in html
    assert not Innovation.objects.filter(name="Nouvelle innovation").exists()


def test_a_date_in_the_future_is_refused(client, world, personas):
    client.force_login(personas["team"])
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("innovations:create"), payload(world.porteur, entered_on=future))
    assert response.status_code == 400
    assert not Innovation.objects.filter(code="NOUVELLE").exists()


def test_a_duplicate_code_is_refused(client, world, personas):
    client.force_login(personas["team"])
    response = client.post(reverse("innovations:create"), payload(world.porteur, code="ALPHA"))
    assert response.status_code == 400
    assert "Une innovation porte déjà ce code." in response.content.decode()


def test_a_long_list_of_structures_comes_in_pages(client, world, personas):
    from tests.factories import AdoptionFactory

    for _n in range(30):
        AdoptionFactory(innovation=world.innovation)
    client.force_login(personas["team"])
    first = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    assert "Structures 1 à 25 sur 32" in first
    second = client.get(reverse("innovations:detail", args=["ALPHA"]), {"page": 2}).content.decode()
    assert "Structures 26 à 32 sur 32" in second
