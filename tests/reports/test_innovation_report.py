import datetime

import pytest
from django.urls import reverse

from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.reports import innovation_report


@pytest.fixture
def reference(db):
    load_reference_data()


def build(code, day):
    return innovation_report.build(Innovation.objects.get(code=code), day)


def test_dropouts_abandoned_over_selected(reference):
    assert build("VITA-AIR", datetime.date(2019, 3, 31)).dropouts == (1, 7)
    report = build("PARCOURS-GARDIEN", datetime.date(2019, 3, 31))
    assert report.dropouts[1] == 18
    published = {f.key: f.value for f in report.published}
    assert published["dropouts-PARCOURS-GARDIEN-left"] == "3"  # beside the computed figure


def test_the_report_as_of_a_past_date_ignores_what_came_after(reference):
    early = build("VITA-AIR", datetime.date(2016, 2, 1))
    assert [s.step for s in early.steps] == ["identification", "feasibility", "mobilisation"]
    assert all(on is None for _, on in early.phases)
    assert early.adoptions == [] and early.dropouts == (0, 0)
    late = build("VITA-AIR", datetime.date(2019, 3, 31))
    assert [n for n, on in late.phases if on] == [1, 2, 3]


def test_figures_over_time_end_with_the_date(reference):
    report = build("RALLYES", datetime.date(2020, 6, 30))
    days = [day for day, _ in report.series]
    assert days[-1] == datetime.date(2020, 6, 30) and datetime.date(2019, 3, 31) in days
    assert report.cells["people_reached"].value == 89
    first = dict(report.series)[datetime.date(2019, 3, 31)]
    assert first["people_reached"].value == 120


def test_status_counts_follow_the_history(reference):
    report = build("VITA-AIR", datetime.date(2016, 6, 1))
    counts = {s["code"]: s["count"] for s in report.by_status}
    assert sum(counts.values()) == 7


@pytest.mark.parametrize("role, sees", [("team", True), ("innovator", True), ("funder", False), ("member", False)])
def test_structure_names_follow_the_role(client, world, personas, role, sees):
    client.force_login(personas[role])
    html = client.get(reverse("reports:innovation", args=["ALPHA"])).content.decode()
    assert ("Autre structure" in html) is sees
    assert ("Structure membre" in html) is (sees or role == "member")


def test_report_page_with_a_bad_date(client, world, personas):
    client.force_login(personas["funder"])
    response = client.get(reverse("reports:innovation", args=["ALPHA"]), {"au": "2019-13-01"})
    assert response.status_code == 200 and "n&#x27;est pas valide" in response.content.decode()
