"""The selection committee's decision: a selected candidate becomes an innovation at the
feasibility step, with its history; bad input writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from essaim.calls.enums import Outcome
from essaim.calls.models import Decision, FeasibilityStudy
from essaim.calls.selection import decide, suggested_code
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange
from essaim.reports.figures import method_board
from tests.calls.helpers import candidate, open_call
from tests.factories import InnovationFactory, UserFactory


@pytest.fixture
def gamma(db):
    return candidate(open_call(), name="Projet Gamma")


def test_selecting_a_candidate_creates_the_innovation_at_the_feasibility_step(gamma):
    team = UserFactory(team=True)
    decide(gamma, Outcome.SELECTED, datetime.date(2020, 5, 15), "Retenue à l'unanimité.", user=team, code="GAMMA")
    innovation = Innovation.objects.get(code="GAMMA")
    assert innovation.name == "Projet Gamma" and innovation.porteur == gamma.porteur
    assert innovation.step == Step.FEASIBILITY
    history = list(innovation.step_changes.values_list("step", "on", "recorded_by"))
    assert history == [
        (Step.IDENTIFICATION, datetime.date(2020, 2, 1), team.pk),
        (Step.FEASIBILITY, datetime.date(2020, 5, 15), team.pk),
    ]
    assert innovation.entered_on == datetime.date(2020, 5, 15)
    gamma.refresh_from_db()
    assert gamma.innovation == innovation and gamma.outcome == Outcome.SELECTED
    study = FeasibilityStudy.objects.get(innovation=innovation)
    assert study.status == "in_progress" and study.started_on == datetime.date(2020, 5, 15)
    assert innovation.history.first().history_user == team


def test_the_new_innovation_is_on_the_method_board(gamma):
    decide(gamma, Outcome.SELECTED, datetime.date(2020, 5, 15), code="GAMMA")
    board = method_board(timezone.localdate())
    column = next(c for c in board["columns"] if Step.FEASIBILITY in c["steps"])
    assert "GAMMA" in [card["innovation"].code for card in column["cards"]]
    before = method_board(datetime.date(2020, 3, 1))
    column = next(c for c in before["columns"] if Step.IDENTIFICATION in c["steps"])
    assert "GAMMA" in [card["innovation"].code for card in column["cards"]]


def test_a_postponed_candidate_may_be_selected_later(gamma):
    decide(gamma, Outcome.POSTPONED, datetime.date(2020, 5, 15), "À revoir l'an prochain.")
    assert not Innovation.objects.filter(code="GAMMA").exists()
    decide(gamma, Outcome.SELECTED, datetime.date(2021, 5, 15), code="GAMMA")
    gamma.refresh_from_db()
    assert gamma.outcome == Outcome.SELECTED
    assert list(gamma.decisions.values_list("outcome", flat=True)) == [Outcome.POSTPONED, Outcome.SELECTED]


def test_a_selected_candidate_is_not_decided_again(gamma):
    decide(gamma, Outcome.SELECTED, datetime.date(2020, 5, 15), code="GAMMA")
    with pytest.raises(ValidationError, match="déjà retenu"):
        decide(gamma, Outcome.NOT_SELECTED, datetime.date(2020, 6, 1))
    assert gamma.decisions.count() == 1


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"code": "ALPHA"}, "code", "Une innovation porte déjà ce code."),
        ({"code": "gamma minuscule"}, "code", "majuscules"),
        ({"code": ""}, "code", "Donnez le code"),
        ({"code": "GAMMA", "decided_on": datetime.date(2020, 1, 1)}, "decided_on", "avant la réception"),
        ({"code": "GAMMA", "decided_on": "future"}, "decided_on", "dans le futur"),
    ],
)
def test_bad_input_writes_nothing(gamma, kwargs, field, message):
    InnovationFactory(code="ALPHA")
    day = kwargs.pop("decided_on", datetime.date(2020, 5, 15))
    if day == "future":
        day = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        decide(gamma, Outcome.SELECTED, day, **kwargs)
    assert message in " ".join(error.value.message_dict[field])
    assert Innovation.objects.count() == 1 and not Decision.objects.exists() and not StepChange.objects.exists()
    gamma.refresh_from_db()
    assert gamma.outcome == "" and gamma.innovation is None


def test_the_decision_page(client, gamma):
    client.force_login(UserFactory(team=True))
    url = reverse("calls:decision", args=[gamma.pk])
    response = client.post(url, {"outcome": "selected", "decided_on": "2020-05-15", "code": "", "name": ""})
    assert response.status_code == 400 and "Donnez le code" in response.content.decode()
    assert not Decision.objects.exists()
    data = {"outcome": "selected", "decided_on": "2020-05-15", "code": "GAMMA", "name": "Gamma", "minutes": "Oui."}
    response = client.post(url, data, follow=True)
    assert "entre dans la méthode, à l&#x27;étape « Étude de faisabilité »" in response.content.decode()
    assert Innovation.objects.get(code="GAMMA").name == "Gamma"


def test_suggested_code():
    assert suggested_code("Rallyes pour l'emploi") == "RALLYES-POUR-L-EMPLOI"
    assert suggested_code("A.CO.R") == "A-CO-R"
    assert suggested_code("Jeun_ESS_Créative") == "JEUN-ESS-CREATIVE"
