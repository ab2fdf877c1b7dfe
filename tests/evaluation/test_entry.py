import datetime

import pytest
from django.urls import reverse

from essaim.evaluation.enums import ValidationState, ValueKind
from essaim.evaluation.models import Value

PERIOD = "2018-12-31"


def url(adoption):
    return reverse("evaluation:entry", args=[adoption.pk]) + f"?periode={PERIOD}"


def grid(client, adoption):
    response = client.get(url(adoption))
    assert response.status_code == 200
    return {row.field: row for row in response.context["rows"]}


def post(client, adoption, values, rows=None, **headers):
    data = {"periode": PERIOD}
    for code, raw in values.items():
        data[f"value-{code}"] = raw
        data[f"version-{code}"] = rows[code].token if rows else "new"
    return client.post(url(adoption), data, **headers)


@pytest.fixture
def member_client(client, world, personas):
    client.force_login(personas["member"])
    return client


def stored(adoption):
    return {
        v.indicator.code: v
        for v in Value.objects.filter(structure=adoption.structure, period_end=datetime.date(2018, 12, 31))
    }


def test_a_structure_member_enters_its_figures(member_client, world, personas):
    rows = grid(member_client, world.own)
    assert "structures_reached" not in rows  # reported for the innovation as a whole only
    response = post(member_client, world.own, {"people_reached": "12", "returns_to_employment": "nc"}, rows)
    assert response.status_code == 302
    values = stored(world.own)
    assert values["people_reached"].number == 12
    assert (values["returns_to_employment"].kind, values["returns_to_employment"].number) == (ValueKind.NC, None)
    assert values["people_reached"].entered_by == personas["member"]
    assert values["people_reached"].state == ValidationState.ENTERED


def test_one_bad_row_writes_nothing(member_client, world):
    response = post(member_client, world.own, {"people_reached": "12", "returns_to_employment": "12,5"})
    assert response.status_code == 400
    assert "décimal" in response.content.decode()
    assert "Rien n'a été enregistré" in response.content.decode()
    assert stored(world.own) == {}


def test_returns_the_grid_alone_to_htmx(member_client, world):
    response = post(member_client, world.own, {"people_reached": "3"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "1 valeur enregistrée" in html


def test_a_concurrent_edit_is_never_silently_overwritten(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    stale = grid(client, world.own)
    client.force_login(personas["team"])
    post(client, world.own, {"people_reached": "11"}, grid(client, world.own))
    client.force_login(personas["member"])
    response = post(client, world.own, {"people_reached": "15"}, stale)
    assert response.status_code == 400
    assert "pendant votre saisie" in response.content.decode()
    assert stored(world.own)["people_reached"].number == 11


def test_clearing_a_value_is_refused_rather_than_losing_it(member_client, world):
    post(member_client, world.own, {"people_reached": "10"})
    response = post(member_client, world.own, {"people_reached": ""}, grid(member_client, world.own))
    assert response.status_code == 400
    assert "indiquez « nc »" in response.content.decode()
    assert stored(world.own)["people_reached"].number == 10


def test_an_evaluator_validates_and_a_later_edit_needs_validation_again(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    client.force_login(personas["evaluator"])
    response = validate(client, world.own, shown(client, world.own))
    assert response.status_code == 302
    value = stored(world.own)["people_reached"]
    assert (value.state, value.validated_by) == (ValidationState.VALIDATED, personas["evaluator"])
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "12"}, grid(client, world.own))
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED


def test_a_member_cannot_enter_another_structures_figures(member_client, world):
    assert member_client.get(url(world.other)).status_code == 403
    assert post(member_client, world.other, {"people_reached": "3"}).status_code == 403
    assert stored(world.other) == {}


def test_a_value_history_is_kept(member_client, world):
    post(member_client, world.own, {"people_reached": "10"})
    post(member_client, world.own, {"people_reached": "12"}, grid(member_client, world.own))
    value = stored(world.own)["people_reached"]
    assert [h.number for h in value.history.order_by("history_date")] == [10, 12]


def test_saving_runs_the_checks_and_shows_what_to_verify(member_client, world):
    post(member_client, world.own, {"people_reached": "10", "returns_to_employment": "14"})
    html = member_client.get(url(world.own)).content.decode()
    assert "À vérifier" in html
    assert "DELD revenus à l&#x27;emploi (14)" in html or "DELD revenus à l'emploi (14)" in html


def shown(client, adoption):
    """What the evaluator's page sends back with its validation: the values it showed."""
    return client.get(url(adoption)).context["seen"]


def validate(client, adoption, seen):
    return client.post(reverse("evaluation:validate_entry", args=[adoption.pk]), {"periode": PERIOD, "vu": seen})


def test_a_validation_of_figures_changed_since_the_page_is_refused(client, world, personas):
    """The evaluator's page shows 10; the member changes it to 999; the validation, sent from the
    page that showed 10, validates nothing and says who changed what, and when."""
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10", "companies_involved": "2"})
    client.force_login(personas["evaluator"])
    seen = shown(client, world.own)
    client.force_login(personas["member"])
    assert (
        post(
            client, world.own, {"people_reached": "999", "companies_involved": "2"}, grid(client, world.own)
        ).status_code
        == 302
    )
    client.force_login(personas["evaluator"])
    refused = validate(client, world.own, seen)
    page = client.get(refused.url).content.decode()
    assert "Rien n&#x27;a été validé : des valeurs ont changé depuis l&#x27;affichage de la page" in page
    assert "(999), saisie par " + str(personas["member"]) in page
    assert {v.state for v in stored(world.own).values()} == {ValidationState.ENTERED}  # not even the unchanged one
    # Seen again, they validate.
    assert validate(client, world.own, shown(client, world.own)).status_code == 302
    assert {v.state for v in stored(world.own).values()} == {ValidationState.VALIDATED}


def test_a_value_entered_after_the_page_or_no_fingerprint_is_refused(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    client.force_login(personas["evaluator"])
    seen = shown(client, world.own)
    client.force_login(personas["member"])
    rows = grid(client, world.own)
    assert post(client, world.own, {"people_reached": "10", "companies_involved": "3"}, rows).status_code == 302
    client.force_login(personas["evaluator"])
    validate(client, world.own, seen)
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED
    response = client.post(reverse("evaluation:validate_entry", args=[world.own.pk]), {"periode": PERIOD}, follow=True)
    assert "La page ne dit pas quelles valeurs vous avez vues" in response.content.decode()
    assert {v.state for v in stored(world.own).values()} == {ValidationState.ENTERED}


def submit(client, adoption):
    seen = client.get(url(adoption)).context["seen_to_submit"]
    return client.post(reverse("evaluation:submit_entry", args=[adoption.pk]), {"periode": PERIOD, "vu": seen})


def send_back(client, adoption, code, note):
    row = grid(client, adoption)[code]
    return client.post(
        reverse("evaluation:return_value", args=[adoption.pk]),
        {"periode": PERIOD, "valeur": f"{row.value.pk}@{row.token}", "note": note},
    )


def test_submit_return_correct_and_validate(client, world, personas):
    """The cycle: the member enters and transmits; the evaluator returns one value with a note;
    the member corrects it and transmits again; the evaluator validates. Every step is in the
    value's history, the note with it."""
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10", "companies_involved": "2"})
    assert "Je transmets ces chiffres" in client.get(url(world.own)).content.decode()
    assert submit(client, world.own).status_code == 302
    assert {v.state for v in stored(world.own).values()} == {ValidationState.SUBMITTED}
    assert "Je transmets ces chiffres" not in client.get(url(world.own)).content.decode()

    client.force_login(personas["evaluator"])
    assert (
        send_back(client, world.own, "people_reached", "10 personnes pour 2 entreprises ? Vérifiez.").status_code == 302
    )
    values = stored(world.own)
    assert values["people_reached"].state == ValidationState.RETURNED
    assert values["people_reached"].validated_by == personas["evaluator"]
    assert values["companies_involved"].state == ValidationState.SUBMITTED

    client.force_login(personas["member"])
    page = client.get(url(world.own)).content.decode()
    assert "À corriger" in page and "10 personnes pour 2 entreprises ? Vérifiez." in page
    post(client, world.own, {"people_reached": "12", "companies_involved": "2"}, grid(client, world.own))
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED
    assert submit(client, world.own).status_code == 302
    assert {v.state for v in stored(world.own).values()} == {ValidationState.SUBMITTED}

    client.force_login(personas["evaluator"])
    assert validate(client, world.own, shown(client, world.own)).status_code == 302
    assert {v.state for v in stored(world.own).values()} == {ValidationState.VALIDATED}
    value = stored(world.own)["people_reached"]
    history = [(h.state, h.number, h.review_note) for h in value.history.order_by("history_date", "history_id")]
    assert [state for state, _, _ in history] == [
        "entered",
        "submitted",
        "returned",
        "entered",
        "submitted",
        "validated",
    ]
    assert ("returned", 10, "10 personnes pour 2 entreprises ? Vérifiez.") in history
    rows = grid(client, world.own)
    assert [step.state for step in rows["people_reached"].steps][-1] == "Validée"
    assert "Historique" in client.get(url(world.own)).content.decode()


def test_a_return_needs_a_note_and_the_value_the_page_showed(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    client.force_login(personas["evaluator"])
    response = send_back(client, world.own, "people_reached", "  ")
    assert "la note est obligatoire" in client.get(response.url).content.decode()
    row = grid(client, world.own)["people_reached"]
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "999"}, grid(client, world.own))
    client.force_login(personas["evaluator"])
    response = client.post(
        reverse("evaluation:return_value", args=[world.own.pk]),
        {"periode": PERIOD, "valeur": f"{row.value.pk}@{row.token}", "note": "Trop bas"},
        follow=True,
    )
    assert "Rien n&#x27;a été renvoyé" in response.content.decode() and "(999)" in response.content.decode()
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED


def test_a_submission_of_figures_changed_since_the_page_is_refused(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    seen = client.get(url(world.own)).context["seen_to_submit"]
    client.force_login(personas["team"])
    post(client, world.own, {"people_reached": "11"}, grid(client, world.own))
    client.force_login(personas["member"])
    response = client.post(
        reverse("evaluation:submit_entry", args=[world.own.pk]), {"periode": PERIOD, "vu": seen}, follow=True
    )
    assert "Rien n&#x27;a été transmis" in response.content.decode()
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED


def test_only_evaluators_return_and_only_the_structure_submits(client, world, personas):
    client.force_login(personas["member"])
    post(client, world.own, {"people_reached": "10"})
    assert send_back(client, world.own, "people_reached", "non").status_code == 403
    client.force_login(personas["member"])
    other = client.post(reverse("evaluation:submit_entry", args=[world.other.pk]), {"periode": PERIOD, "vu": "1@x"})
    assert other.status_code == 403
    assert stored(world.own)["people_reached"].state == ValidationState.ENTERED
