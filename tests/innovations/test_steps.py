"""Innovation steps with a guard rail: a move that skips a step of the method needs a reason,
kept in the history; the form sits at the top of the page, its errors at the top of the form."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.innovations.enums import Step
from essaim.innovations.models import StepChange

D = datetime.date


@pytest.fixture
def in_phase_1(world):
    for step, on in [
        (Step.IDENTIFICATION, D(2016, 1, 1)),
        (Step.FEASIBILITY, D(2016, 3, 1)),
        (Step.MOBILISATION, D(2016, 6, 1)),
        (Step.SWARMING, D(2016, 9, 1)),
        (Step.EVALUATION_1, D(2017, 2, 1)),
    ]:
        record(StepChange, world.innovation, step, on)
    return world.innovation


def move(client, step, on="2018-01-15", note=""):
    return client.post(reverse("innovations:change_step", args=["ALPHA"]), {"step": step, "on": on, "note": note})


def test_skipping_a_step_asks_for_a_reason(client, personas, in_phase_1):
    client.force_login(personas["team"])
    response = move(client, Step.EVALUATION_3)
    assert response.status_code == 400
    html = response.content.decode()
    assert "« Évaluation, phase 3 » saute l&#x27;étape « Évaluation, phase 2 »" in html
    summary = html.index("Rien n'a été enregistré")
    assert summary < html.index('name="step"')  # the errors at the top of the form
    assert in_phase_1.step_changes.count() == 5


def test_the_reason_stays_in_the_history(client, personas, in_phase_1):
    client.force_login(personas["team"])
    response = move(client, Step.EVALUATION_3, note="phases 2 et 3 évaluées ensemble")
    assert response.status_code == 302
    in_phase_1.refresh_from_db()
    assert in_phase_1.step == Step.EVALUATION_3
    assert in_phase_1.step_changes.order_by("-on").first().note == "phases 2 et 3 évaluées ensemble"
    assert (
        "phases 2 et 3 évaluées ensemble" in client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    )


@pytest.mark.parametrize("step", [Step.EVALUATION_2, Step.PAUSED, Step.SWARMING])
def test_the_next_step_a_pause_or_a_step_back_need_no_reason(client, personas, in_phase_1, step):
    client.force_login(personas["team"])
    assert move(client, step).status_code == 302


def test_after_a_pause_the_skip_is_counted_from_the_last_step(client, personas, in_phase_1):
    client.force_login(personas["team"])
    assert move(client, Step.PAUSED, on="2017-06-01").status_code == 302
    assert move(client, Step.EVALUATION_2).status_code == 302
    assert move(client, Step.EXITED, on="2018-02-01").status_code == 400  # skips phase 3
    assert move(client, Step.EXITED, on="2018-02-01", note="sortie décidée en comité").status_code == 302


def test_every_skipped_step_is_named():
    assert Step.skipped(Step.IDENTIFICATION, Step.MOBILISATION) == [Step.FEASIBILITY]
    assert Step.skipped(Step.EVALUATION_1, Step.EVALUATION_2) == []
    assert Step.skipped(None, Step.SWARMING) == []
    assert Step.skipped(Step.SWARMING, Step.PAUSED) == []


def test_the_step_form_comes_first_on_the_page(client, personas, in_phase_1):
    client.force_login(personas["team"])
    html = client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
    headings = [
        html.index(f"{title}</h2>") for title in ("Changer d'étape", "Structures essaimées", "Parcours dans la méthode")
    ]
    assert headings == sorted(headings)  # the form's section comes first («Sur cette page» may name the others before)
    client.force_login(personas["evaluator"])
    assert "Changer d'étape" not in client.get(reverse("innovations:detail", args=["ALPHA"])).content.decode()
