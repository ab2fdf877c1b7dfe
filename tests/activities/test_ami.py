"""Selecting structures from an AMI creates their adoptions (candidate → selected); undoing a
selection keeps the history; bad input writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from essaim.activities import selection
from essaim.activities.models import Application, StructureCall
from essaim.core.history import record
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory


@pytest.fixture
def ami(db):
    innovation = InnovationFactory(code="DELTA")
    return StructureCall.objects.create(
        innovation=innovation,
        title="AMI Delta 2018",
        opens_on=datetime.date(2018, 2, 1),
        closes_on=datetime.date(2018, 3, 31),
        wave="2018",
    )


@pytest.fixture
def application(ami):
    return Application.objects.create(
        call=ami, structure=StructureFactory(name="CHRS de Nice", kind="CHRS"), applied_on=datetime.date(2018, 2, 12)
    )


def history(adoption):
    return list(adoption.status_changes.values_list("status", "on"))


def test_selecting_a_structure_creates_its_adoption(application):
    team = UserFactory(team=True)
    adoption = selection.select(application, datetime.date(2018, 4, 3), user=team)
    assert adoption.innovation.code == "DELTA" and adoption.structure == application.structure
    assert adoption.since == datetime.date(2018, 2, 12) and adoption.wave == "2018"
    assert adoption.status == AdoptionStatus.SELECTED
    assert history(adoption) == [
        (AdoptionStatus.CANDIDATE, datetime.date(2018, 2, 12)),
        (AdoptionStatus.SELECTED, datetime.date(2018, 4, 3)),
    ]
    assert set(adoption.status_changes.values_list("recorded_by", flat=True)) == {team.pk}
    application.refresh_from_db()
    assert application.status == "selected" and application.adoption == adoption


def test_undoing_a_selection_keeps_the_history(application):
    adoption = selection.select(application, datetime.date(2018, 4, 3))
    selection.undo(application, datetime.date(2018, 4, 10), note="Erreur de saisie")
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.CANDIDATE
    assert history(adoption) == [
        (AdoptionStatus.CANDIDATE, datetime.date(2018, 2, 12)),
        (AdoptionStatus.SELECTED, datetime.date(2018, 4, 3)),
        (AdoptionStatus.CANDIDATE, datetime.date(2018, 4, 10)),
    ]
    assert adoption.status_changes.last().note == "Erreur de saisie"
    application.refresh_from_db()
    assert application.status == "pending" and application.adoption == adoption
    # selected again later: the same adoption, one more entry
    selection.select(application, datetime.date(2018, 4, 20))
    assert Adoption.objects.count() == 1
    assert [s for s, _ in history(adoption)] == ["candidate", "selected", "candidate", "selected"]


def test_an_adoption_already_trained_is_not_undone(application):
    adoption = selection.select(application, datetime.date(2018, 4, 3))
    record(StatusChange, adoption, AdoptionStatus.TRAINED, datetime.date(2018, 7, 1))
    with pytest.raises(ValidationError, match="ne s'annule plus"):
        selection.undo(application, datetime.date(2018, 8, 1))
    assert len(history(adoption)) == 3


def test_an_existing_candidate_adoption_is_taken_up(application):
    existing = AdoptionFactory(innovation=application.call.innovation, structure=application.structure)
    record(StatusChange, existing, AdoptionStatus.CANDIDATE, datetime.date(2018, 2, 1))
    adoption = selection.select(application, datetime.date(2018, 4, 3))
    assert adoption == existing and Adoption.objects.count() == 1
    assert [s for s, _ in history(adoption)] == ["candidate", "selected"]


@pytest.mark.parametrize(
    "day, message",
    [
        ("future", "dans le futur"),
        (datetime.date(2018, 1, 1), "précéder la candidature"),
    ],
)
def test_a_bad_date_writes_nothing(application, day, message):
    if day == "future":
        day = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        selection.select(application, day)
    assert not Adoption.objects.exists() and not StatusChange.objects.exists()
    application.refresh_from_db()
    assert application.status == "pending"


def test_a_history_going_backwards_rolls_everything_back(application):
    existing = AdoptionFactory(innovation=application.call.innovation, structure=application.structure)
    record(StatusChange, existing, AdoptionStatus.CANDIDATE, datetime.date(2018, 5, 1))
    with pytest.raises(ValidationError, match="remonter le temps"):
        selection.select(application, datetime.date(2018, 4, 3))
    assert history(existing) == [(AdoptionStatus.CANDIDATE, datetime.date(2018, 5, 1))]
    application.refresh_from_db()
    assert application.status == "pending" and application.adoption is None


def test_the_ami_page_selects_and_undoes(client, application):
    client.force_login(UserFactory(team=True))
    url = reverse("activities:application_decide", args=[application.pk])
    response = client.post(url, {"decision": "select", "on": "2018-04-03"}, follow=True)
    assert "son essaimage est créé" in response.content.decode()
    response = client.post(url, {"decision": "select", "on": "2018-04-03"})
    assert response.status_code == 400 and "déjà retenue" in response.content.decode()
    response = client.post(url, {"decision": "undo", "on": "2018-04-05"}, follow=True)
    assert "l&#x27;historique de son essaimage la garde" in response.content.decode()
    assert [s for s, _ in history(Adoption.objects.get())] == ["candidate", "selected", "candidate"]


def test_a_new_structure_applies_and_nothing_is_written_on_error(client, ami):
    client.force_login(UserFactory(team=True))
    url = reverse("activities:application_add", args=[ami.pk])
    data = {"new_structure_name": "CHRS de Lyon", "new_structure_kind": "CHRS", "applied_on": "2018-01-15"}
    response = client.post(url, data)
    assert response.status_code == 400 and "précéder l&#x27;ouverture" in response.content.decode()
    assert not Application.objects.exists() and not ami.innovation.adoptions.exists()
    assert client.post(url, data | {"applied_on": "2018-02-15"}).status_code == 302
    assert Application.objects.get().structure.name == "CHRS de Lyon"


def test_an_ami_closing_before_it_opens_is_refused(client, ami):
    client.force_login(UserFactory(team=True))
    data = {"title": "AMI 2", "opens_on": "2019-03-01", "closes_on": "2019-02-01"}
    response = client.post(reverse("activities:ami_create", args=["DELTA"]), data)
    assert response.status_code == 400
    assert (
        "La clôture des candidatures ne peut pas précéder l&#x27;ouverture de l&#x27;appel."
        in response.content.decode()
    )
    assert StructureCall.objects.count() == 1
