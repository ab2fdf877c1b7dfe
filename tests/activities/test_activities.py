"""Swarming activities, their attendance, the calendar, and the professionals trained counted
from attendance, shown beside the reported figure."""

import datetime

import pytest
from django.urls import reverse

from essaim.activities.activity_views import ACTIVITIES_PER_PAGE
from essaim.activities.figures import professionals_trained
from essaim.activities.models import Activity, Attendance
from essaim.evaluation.models import Indicator, Value
from tests.factories import InnovationFactory, StructureFactory, UserFactory


@pytest.fixture
def delta(db):
    return InnovationFactory(code="DELTA", name="Delta")


def session(innovation, title="Module", day=datetime.date(2018, 5, 1), kind="formation_action", **fields):
    return Activity.objects.create(innovation=innovation, kind=kind, title=title, starts_on=day, **fields)


ACTIVITY = {
    "innovation": "",
    "kind": "formation_action",
    "title": "Formation-action Delta",
    "module": "Modules 1 et 2",
    "starts_on": "2018-05-14",
    "ends_on": "2018-05-15",
    "duration_days": "2",
    "place": "Lyon",
    "departement": "69",
}


def test_an_activity_is_recorded_with_a_stable_key(client, delta):
    client.force_login(UserFactory(team=True))
    response = client.post(reverse("activities:activity_create"), ACTIVITY | {"innovation": delta.pk})
    activity = Activity.objects.get()
    assert response.url == reverse("activities:activity", args=[activity.pk])
    assert activity.key == "delta-formation-action-delta-2018-05-14"
    assert activity.departement_id == "69" and activity.duration_days == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_on": "2018-05-01"}, "La fin de l&#x27;activité ne peut pas précéder son début."),
        ({"duration_days": "0"}, "Une activité dure au moins une demi-journée (0,5)."),
        ({"starts_on": ""}, "Ce champ est obligatoire."),
        ({"kind": "fête"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_gets_a_french_error_and_writes_nothing(client, delta, changes, message):
    client.force_login(UserFactory(team=True))
    response = client.post(reverse("activities:activity_create"), ACTIVITY | changes)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Activity.objects.exists()


def test_attendance_is_recorded_then_corrected(client, delta):
    activity = session(delta)
    structure = StructureFactory()
    client.force_login(UserFactory(team=True))
    url = reverse("activities:attendance_add", args=[activity.pk])
    assert client.post(url, {"structure": structure.pk, "professionals": "2"}).status_code == 302
    assert client.post(url, {"structure": structure.pk, "professionals": "3"}).status_code == 302
    assert Attendance.objects.get().professionals == 3
    response = client.post(url, {"structure": structure.pk, "professionals": "-1"})
    assert response.status_code == 400
    assert Attendance.objects.get().professionals == 3


def test_professionals_trained_counts_each_structure_once(delta):
    first, second, third = StructureFactory(), StructureFactory(), StructureFactory()
    one = session(delta, "Modules 1 et 2", datetime.date(2018, 5, 1))
    two = session(delta, "Modules 3 et 4", datetime.date(2018, 6, 1))
    day = session(delta, "Journée nationale", datetime.date(2018, 11, 1), kind="national_day")
    Attendance.objects.create(activity=one, structure=first, professionals=2)
    Attendance.objects.create(activity=two, structure=first, professionals=3)  # the same people, and one more
    Attendance.objects.create(activity=one, structure=second, professionals=1)
    Attendance.objects.create(activity=two, structure=third)  # number not known
    Attendance.objects.create(activity=day, structure=second, professionals=40)  # not a training
    count = professionals_trained(delta)
    assert (count.number, count.known, count.structures) == (4, 2, 3)
    assert not count.complete
    early = professionals_trained(delta, datetime.date(2018, 5, 31))
    assert (early.number, early.known, early.structures) == (3, 2, 2)


def test_nothing_known_is_not_zero(delta):
    Attendance.objects.create(activity=session(delta), structure=StructureFactory())
    count = professionals_trained(delta)
    assert count.number is None and count.structures == 1


@pytest.fixture
def reported(delta):
    """Delta: 2 structures trained (2 + 3 professionals), 45 professionals reported."""
    activity = session(delta)
    for n in (2, 3):
        Attendance.objects.create(activity=activity, structure=StructureFactory(), professionals=n)
    indicator = Indicator.objects.get(code="professionals_involved")
    Value.objects.create(innovation=delta, indicator=indicator, number=45, period_end=datetime.date(2019, 3, 31))
    return delta


def test_the_computed_figure_is_shown_beside_the_reported_one(client, reported):
    client.force_login(UserFactory(funder=True))
    page = client.get(reverse("reports:consolidated") + "?au=2019-03-31").content.decode()
    assert "Professionnels formés d'après les présences, à côté des professionnels déclarés" in page
    cell = client.get(reverse("reports:cell_source", args=["DELTA", "professionals_involved"]) + "?au=2019-03-31")
    text = cell.content.decode()
    assert "<strong>5</strong> professionnels formés" in text and "effectif connu pour 2 structures sur 2" in text
    assert "45" in text
    other = client.get(reverse("reports:cell_source", args=["DELTA", "people_reached"]) + "?au=2019-03-31")
    assert "formés d'après les présences" not in other.content.decode()


def test_the_calendar_shows_both_figures_and_the_months(client, reported):
    client.force_login(UserFactory(member=True))
    page = client.get(reverse("activities:calendar", args=["DELTA"])).content.decode()
    assert "professionnels formés, d'après les présences" in page
    assert "professionnels impliqués, déclarés" in page
    assert "Année 2018" in page and "Module" in page


def test_attendance_names_are_shown_only_to_those_who_see_structures(client, delta):
    activity = session(delta)
    Attendance.objects.create(activity=activity, structure=StructureFactory(name="CHRS discret"), professionals=2)
    url = reverse("activities:activity", args=[activity.pk])
    client.force_login(UserFactory(funder=True))
    page = client.get(url).content.decode()
    assert "CHRS discret" not in page and "1 structure présente" in page
    client.force_login(UserFactory(evaluator=True))
    assert "CHRS discret" in client.get(url).content.decode()


def test_the_activity_list_is_paginated_and_keeps_its_filters(client, delta):
    n = ACTIVITIES_PER_PAGE + 3
    for i in range(n):
        session(delta, f"Session {i:03}", datetime.date(2018, 1, 1) + datetime.timedelta(days=i))
    session(delta, "Visite du CHRS", datetime.date(2018, 3, 1), kind="site_visit")
    session(delta, "Session d'une autre année", datetime.date(2019, 3, 1))
    last = Activity.objects.get(title=f"Session {n - 1:03}")
    Attendance.objects.create(activity=last, structure=StructureFactory(), professionals=2)
    Attendance.objects.create(activity=last, structure=StructureFactory())
    client.force_login(UserFactory(team=True))
    url = reverse("activities:activity_list")
    first = client.get(url, {"type": "formation_action", "annee": "2018"})
    page = first.content.decode()
    assert len(first.context["activities"]) == ACTIVITIES_PER_PAGE
    assert f"Activités 1 à {ACTIVITIES_PER_PAGE} sur {n}" in page
    assert 'href="?type=formation_action&amp;annee=2018&amp;page=2"' in page
    assert "Session 000" in page and f"Session {n - 1:03}" not in page and "Visite du CHRS" not in page
    second = client.get(url, {"type": "formation_action", "annee": "2018", "page": "2"})
    shown = second.context["activities"]
    assert [a.title for a in shown] == [f"Session {i:03}" for i in range(ACTIVITIES_PER_PAGE, n)]
    assert (shown[-1].n_structures, shown[-1].n_professionals) == (2, 2)
    assert (shown[0].n_structures, shown[0].n_professionals) == (0, None)
    assert 'href="?type=formation_action&amp;annee=2018&amp;page=1"' in second.content.decode()
    everything = client.get(url, {"page": "99"})  # past the end: the last page
    assert everything.context["page"].number == everything.context["page"].paginator.num_pages == 2
    assert everything.context["page"].paginator.count == n + 2


def test_dates_are_written_in_french(client, delta):
    """« 16 juil. 2018 » (Django's « N »), never an English month (its « M » gives « Jul »)."""
    session(delta, title="Séance de juillet", day=datetime.date(2018, 7, 16), ends_on=datetime.date(2018, 7, 17))
    session(delta, title="Séance de février", day=datetime.date(2018, 2, 1))
    client.force_login(UserFactory(team=True))
    for url in (reverse("activities:activity_list"), reverse("activities:calendar", args=["DELTA"])):
        page = client.get(url).content.decode()
        assert "16 juil. 2018" in page and "1 fév. 2018" in page, url
        assert "Jul" not in page and "2018-07-16" not in page, url
