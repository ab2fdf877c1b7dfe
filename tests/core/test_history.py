import datetime

import pytest
from django.core.exceptions import ValidationError

from essaim.core.history import record
from essaim.innovations.enums import Step
from essaim.innovations.models import StepChange
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory

D = datetime.date


@pytest.fixture
def innovation(db):
    innovation = InnovationFactory()
    record(StepChange, innovation, Step.IDENTIFICATION, D(2016, 1, 1))
    record(StepChange, innovation, Step.FEASIBILITY, D(2016, 6, 1))
    return innovation


def test_current_step_follows_the_latest_entry(innovation):
    innovation.refresh_from_db()
    assert innovation.step == Step.FEASIBILITY
    assert innovation.step_on(D(2016, 3, 1)) == Step.IDENTIFICATION
    assert innovation.step_on(D(2015, 12, 31)) is None


def test_a_step_history_cannot_go_backwards_in_time(innovation):
    with pytest.raises(ValidationError) as error:
        record(StepChange, innovation, Step.MOBILISATION, D(2016, 3, 1))
    message = error.value.message_dict["on"][0]
    assert "ne peut pas remonter le temps" in message
    assert "Étude de faisabilité" in message
    assert innovation.step_changes.count() == 2
    innovation.refresh_from_db()
    assert innovation.step == Step.FEASIBILITY


def test_a_date_in_the_future_is_refused(innovation):
    with pytest.raises(ValidationError, match="futur"):
        record(StepChange, innovation, Step.MOBILISATION, D.today() + datetime.timedelta(days=1))


def test_repeating_the_current_step_is_refused(innovation):
    with pytest.raises(ValidationError, match="déjà l'état en cours"):
        record(StepChange, innovation, Step.FEASIBILITY, D(2016, 7, 1))


def test_an_unknown_step_is_refused(innovation):
    with pytest.raises(ValidationError) as error:
        record(StepChange, innovation, "launch", D(2016, 7, 1))
    assert "step" in error.value.message_dict


def test_deleting_the_latest_entry_restores_the_previous_state(innovation):
    innovation.step_changes.order_by("-on").first().delete()
    innovation.refresh_from_db()
    assert innovation.step == Step.IDENTIFICATION


def test_status_history_of_an_adoption(db):
    adoption = AdoptionFactory()
    assert adoption.status == AdoptionStatus.CANDIDATE
    record(StatusChange, adoption, AdoptionStatus.SELECTED, D(2016, 4, 1))
    record(StatusChange, adoption, AdoptionStatus.TRAINED, D(2016, 12, 1))
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.TRAINED
    with pytest.raises(ValidationError, match="remonter le temps"):
        record(StatusChange, adoption, AdoptionStatus.ABANDONED, D(2016, 5, 1))
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.TRAINED
