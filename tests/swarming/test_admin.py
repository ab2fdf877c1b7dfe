"""The admin saves an adoption or an innovation with several history entries, unchanged or
changed; a correction may not move an entry past its neighbours, nor a new entry before them."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.innovations.enums import Step
from essaim.innovations.models import StepChange
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory, UserFactory

D = datetime.date


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(team=True))
    return client


@pytest.fixture
def adoption(db):
    adoption = AdoptionFactory(since=D(2016, 6, 1))
    record(StatusChange, adoption, AdoptionStatus.SELECTED, D(2016, 6, 1))
    record(StatusChange, adoption, AdoptionStatus.TRAINED, D(2016, 9, 1))
    record(StatusChange, adoption, AdoptionStatus.CONSIDERING, D(2019, 3, 1), note="évaluation finale")
    return adoption


def adoption_form(adoption, **changes):
    """The adoption's change form as the admin sends it back: its fields and every entry as
    shown; `changes` sets fields of entry n (`"0-note": "..."`) or adds a row (`"3-status": ...`)."""
    entries = list(adoption.status_changes.order_by("on", "id"))
    data = {
        "innovation": adoption.innovation.pk,
        "structure": adoption.structure.pk,
        "since": adoption.since.isoformat(),
        "wave": adoption.wave,
        "status_changes-TOTAL_FORMS": str(len(entries) + 1),
        "status_changes-INITIAL_FORMS": str(len(entries)),
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    for n, entry in enumerate(entries):
        data |= {
            f"status_changes-{n}-id": entry.pk,
            f"status_changes-{n}-adoption": adoption.pk,
            f"status_changes-{n}-status": entry.status,
            f"status_changes-{n}-on": entry.on.isoformat(),
            f"status_changes-{n}-note": entry.note,
        }
    data |= {f"status_changes-{key}": value for key, value in changes.items()}
    return data


def post(admin_client, adoption, **changes):
    url = reverse("admin:swarming_adoption_change", args=[adoption.pk])
    return admin_client.post(url, adoption_form(adoption, **changes))


def errors_of(response):
    if response.status_code != 200:
        return []
    return [str(e) for form in response.context["inline_admin_formsets"][0].formset.forms for e in form.errors.values()]


def test_an_adoption_with_three_entries_is_saved_unchanged(admin_client, adoption):
    response = post(admin_client, adoption)
    assert response.status_code == 302, errors_of(response)
    assert list(adoption.status_changes.values_list("status", flat=True)) == ["selected", "trained", "considering"]


def test_an_adoption_with_three_entries_is_saved_with_changes(admin_client, adoption):
    response = post(admin_client, adoption, **{"0-note": "comité de sélection", "2-on": "2019-02-15"})
    assert response.status_code == 302, errors_of(response)
    first, _, last = adoption.status_changes.order_by("on", "id")
    assert first.note == "comité de sélection"
    assert last.on == D(2019, 2, 15)


def test_a_fourth_entry_is_added_in_the_admin(admin_client, adoption):
    response = post(
        admin_client, adoption, **{"3-status": "implementing", "3-on": "2019-06-01", "3-adoption": adoption.pk}
    )
    assert response.status_code == 302, errors_of(response)
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.IMPLEMENTING
    assert adoption.status_changes.get(status="implementing").recorded_by is not None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"1-on": "2016-05-01"}, "« Retenue » est déjà enregistré au"),  # before the entry it follows
        ({"1-on": "2019-06-01"}, "« Mise en œuvre envisagée », qui suit cette entrée"),  # past the next one
        ({"3-status": "implementing", "3-on": "2017-01-01", "3-adoption": "X"}, "ne peut pas remonter le temps"),
    ],
)
def test_a_correction_keeps_the_order_of_the_history(admin_client, adoption, changes, message):
    changes = {k: (adoption.pk if v == "X" else v) for k, v in changes.items()}
    response = post(admin_client, adoption, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert adoption.status_changes.count() == 3
    assert set(adoption.status_changes.values_list("on", flat=True)) == {D(2016, 6, 1), D(2016, 9, 1), D(2019, 3, 1)}


def test_an_innovation_with_several_steps_is_saved_unchanged(admin_client, db):
    innovation = InnovationFactory()
    for step, on in [(Step.IDENTIFICATION, D(2016, 1, 1)), (Step.FEASIBILITY, D(2016, 6, 1))]:
        record(StepChange, innovation, step, on)
    entries = list(innovation.step_changes.all())
    data = {
        "code": innovation.code,
        "name": innovation.name,
        "porteur": innovation.porteur.pk,
        "step_changes-TOTAL_FORMS": str(len(entries)),
        "step_changes-INITIAL_FORMS": str(len(entries)),
    }
    for n, entry in enumerate(entries):
        data |= {
            f"step_changes-{n}-id": entry.pk,
            f"step_changes-{n}-innovation": innovation.pk,
            f"step_changes-{n}-step": entry.step,
            f"step_changes-{n}-on": entry.on.isoformat(),
        }
    response = admin_client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]), data)
    assert response.status_code == 302
    assert innovation.step_changes.count() == 2
