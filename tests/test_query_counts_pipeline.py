"""The pipeline's pages make the same number of SQL queries whatever the amount of data: each
page is counted on the reference dataset, then again after the programme doubled its calls,
candidates, reviews, activities, attendance, events and tools."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.activities.models import Activity, Application, Attendance, Event, StructureCall, Tool
from essaim.calls.models import Call, Candidate
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from tests.calls.helpers import assign, candidate, open_call
from tests.factories import StructureFactory, UserFactory


def pages():
    lref_call = Call.objects.get(year=2017)
    lref = Candidate.objects.get(innovation__code="LREF")
    ami = StructureCall.objects.get(innovation__code="LREF")
    module = Activity.objects.get(key="lref-formation-action-modules-1-2")
    return {
        "calls": reverse("calls:list"),
        "call": reverse("calls:detail", args=[lref_call.pk]),
        "candidate": reverse("calls:candidate", args=[lref.pk]),
        "feasibility_list": reverse("calls:feasibility_list"),
        "feasibility": reverse("calls:feasibility", args=["LREF"]),
        "mobilisation": reverse("activities:mobilisation", args=["LREF"]),
        "ami": reverse("activities:ami", args=[ami.pk]),
        "calendar": reverse("activities:calendar", args=["LREF"]) + "?annee=2018",
        "activities": reverse("activities:activity_list"),
        "activity": reverse("activities:activity", args=[module.pk]),
        "events": reverse("activities:events", args=["RALLYES"]),
        "toolkit": reverse("toolkit:list"),
        "innovation": reverse("innovations:detail", args=["LREF"]),
    }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow():
    """More of everything the pages list."""
    lref = Innovation.objects.get(code="LREF")
    rallyes = Innovation.objects.get(code="RALLYES")
    call_2017 = Call.objects.get(year=2017)
    reviewers = [UserFactory(evaluator=True), UserFactory(funder=True)]
    for n in range(3):
        extra = candidate(call_2017, name=f"Projet supplémentaire {n}", submitted_on=datetime.date(2017, 3, 1))
        assign(extra, *reviewers)
        assign(candidate(open_call(year=2030 + n), name=f"Projet {n}"), *reviewers)
    ami = StructureCall.objects.get(innovation=lref)
    module = Activity.objects.get(key="lref-formation-action-modules-1-2")
    for n in range(5):
        structure = StructureFactory(name=f"CHRS supplémentaire {n}")
        Application.objects.create(call=ami, structure=structure, applied_on=datetime.date(2018, 2, 15))
        Attendance.objects.create(activity=module, structure=structure, professionals=n)
        day = datetime.date(2018, 9, 1)
        Activity.objects.create(innovation=lref, kind="site_visit", title=f"Visite {n}", starts_on=day)
        Event.objects.create(innovation=rallyes, title=f"Rallye {n}", starts_on=day, job_seekers=10)
        Tool.objects.create(innovation=lref, kind="template", title=f"Modèle {n}")


@pytest.mark.slow
def test_query_counts_do_not_grow_with_the_data(client, db):
    load_reference_data()
    # one of each kind of row before counting, so that no prefetch is skipped for want of rows
    assign(Candidate.objects.get(innovation__code="LREF"), UserFactory(evaluator=True))
    client.force_login(UserFactory(team=True))
    urls = pages()
    for url in urls.values():
        client.get(url)
    small = {name: count(client, url) for name, url in urls.items()}
    grow()
    large = {name: count(client, url) for name, url in urls.items()}
    assert {name: (small[name], large[name]) for name in urls if large[name] != small[name]} == {}
