"""No page's number of SQL queries grows with the data: each page is counted with the reference
dataset and a small synthetic programme, then with a programme three times larger; the counts
must be equal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from essaim.synthetic import national
from tests.factories import UserFactory


def pages():
    lref = Adoption.objects.filter(innovation__code="LREF").order_by("pk").first()
    return {
        "dashboard": reverse("reports:dashboard"),
        "board": reverse("reports:board"),
        "public": reverse("reports:public"),
        "consolidated": reverse("reports:consolidated") + "?au=2019-03-31",
        "compare": reverse("reports:consolidated") + "?au=2019-03-31&comparer=2020-06-30",
        "cell_source": reverse("reports:cell_source", args=["LREF", "people_reached"]),
        "published": reverse("reports:published"),
        "innovation_report": reverse("reports:innovation", args=["LREF"]),
        "innovation_list": reverse("innovations:list"),
        "innovation_detail": reverse("innovations:detail", args=["LREF"]),
        "structure_list": reverse("organizations:list"),
        "structure_detail": reverse("organizations:detail", args=[lref.structure_id]),
        "entry": reverse("evaluation:entry", args=[lref.pk]),
        "completeness": reverse("evaluation:completeness", args=["LREF"]),
        "violations": reverse("evaluation:violations"),
        "figures_upload": reverse("evaluation:figures_upload", args=["LREF"]),
        "activity_list": reverse("activities:activity_list"),
        "activity_list_page_2": reverse("activities:activity_list") + "?page=2",
        "activity_list_filtered": reverse("activities:activity_list") + "?type=formation_action&annee=2019",
        "calendar": reverse("activities:calendar", args=["SYN-0000"]),
    }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.slow
def test_query_counts_do_not_grow_with_the_data(client, db):
    load_reference_data()
    national.generate(scale=0.01, seed=3, months=3)
    client.force_login(UserFactory(team=True))
    urls = pages()
    for url in urls.values():  # warm the per-process caches (content types, sessions)
        client.get(url)
    small = {name: count(client, url) for name, url in urls.items()}
    national.remove()
    national.generate(scale=0.03, seed=3, months=5)
    large = {name: count(client, url) for name, url in urls.items()}
    grown = {name: (small[name], large[name]) for name in urls if large[name] > small[name]}
    assert grown == {}
