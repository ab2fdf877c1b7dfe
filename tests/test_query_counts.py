"""No page's number of SQL queries grows with the data: each page is counted with the reference
dataset and a small synthetic programme beside it (a second programme of the installation), then
with a synthetic programme three times larger; the counts must be equal, in both programmes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.programmes import scope
from essaim.programmes.models import REFERENCE_CODE, Programme
from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from essaim.synthetic import national
from tests.factories import UserFactory


def pages(code):
    """The pages of the programme whose innovation `code` is."""
    lref = Adoption.objects.filter(innovation__code=code).order_by("pk").first()
    return {
        "dashboard": reverse("reports:dashboard"),
        "board": reverse("reports:board"),
        "public": reverse("reports:public"),
        "consolidated": reverse("reports:consolidated") + "?au=2019-03-31",
        "compare": reverse("reports:consolidated") + "?au=2019-03-31&comparer=2020-06-30",
        "cell_source": reverse("reports:cell_source", args=[code, "people_reached"]),
        "published": reverse("reports:published"),
        "innovation_report": reverse("reports:innovation", args=[code]),
        "innovation_list": reverse("innovations:list"),
        "innovation_detail": reverse("innovations:detail", args=[code]),
        "structure_list": reverse("organizations:list"),
        "structure_detail": reverse("organizations:detail", args=[lref.structure_id]),
        "entry": reverse("evaluation:entry", args=[lref.pk]),
        "completeness": reverse("evaluation:completeness", args=[code]),
        "violations": reverse("evaluation:violations"),
        "figures_upload": reverse("evaluation:figures_upload", args=[code]),
        "activity_list": reverse("activities:activity_list"),
        "activity_list_page_2": reverse("activities:activity_list") + "?page=2",
        "activity_list_filtered": reverse("activities:activity_list") + "?type=formation_action&annee=2019",
        "calendar": reverse("activities:calendar", args=[code]),
    }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def switch(client, programme):
    client.post(reverse("programmes:switch"), {"programme": programme.code, "suivant": "/"})


@pytest.mark.slow
def test_query_counts_do_not_grow_with_the_data(client, db):
    load_reference_data()
    reference = Programme.objects.get(code=REFERENCE_CODE)
    synthetic = Programme.objects.create(code="SYN", name="Programme synthétique")
    with scope.activate(synthetic):
        national.generate(scale=0.01, seed=3, months=3)
    client.force_login(UserFactory(team=True, programmes=[reference, synthetic]))

    def counts():  # the synthetic programme's records are new after it is generated again: read its pages again
        found = {}
        for programme, code in ((reference, "LREF"), (synthetic, "SYN-0000")):
            switch(client, programme)
            found |= {(programme.code, name): count(client, url) for name, url in pages(code).items()}
        return found

    counts()  # warm the per-process caches (content types, sessions)
    small = counts()
    with scope.activate(synthetic):
        national.remove()
        national.generate(scale=0.03, seed=3, months=5)
    large = counts()
    # The innovation report draws one table per period end of its values, up to MAX_POINTS: the
    # larger synthetic programme has more months, so more points (LREF's are fixed).
    grown = {key: (small[key], large[key]) for key in small if large[key] > small[key]}
    grown.pop(("SYN", "innovation_report"), None)
    assert grown == {}
    assert len(small) == 2 * len(pages("LREF"))
