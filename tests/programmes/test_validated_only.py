"""A programme may let its funders and the public read validated figures only: the team keeps
the setting on its programme's settings page; funders' and visitors' pages, exports and cached
parts then count validated values only and say so; the team and evaluators read every value.
Each consolidated cell counts its answers resting on validated values only."""

import datetime

import pytest
from django.urls import reverse

from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Value
from essaim.jobs.models import Job
from essaim.programmes.models import Programme
from tests.evaluation.helpers import put

pytestmark = pytest.mark.django_db

END = datetime.date(2019, 3, 31)


@pytest.fixture
def figures(world):
    put(world.innovation, "people_reached", "10", structure=world.own.structure, end=END)
    later = put(world.innovation, "people_reached", "25", structure=world.own.structure, end=datetime.date(2019, 4, 30))
    put(world.innovation, "people_reached", "7", structure=world.other.structure, end=END)
    Value.objects.exclude(pk=later.pk).update(state="validated")
    return world


def cell(table, world, code="people_reached"):
    return next(row for row in table.rows if row.innovation == world.innovation).cells[code]


def test_each_cell_counts_its_validated_answers(figures):
    every = cell(consolidate(datetime.date(2019, 5, 31)), figures)
    assert (every.value, every.answers, every.validated, every.validated_share) == (32, 2, 1, 50)
    validated = cell(consolidate(datetime.date(2019, 5, 31), validated_only=True), figures)
    assert (validated.value, validated.answers, validated.validated) == (17, 2, 2)  # the April 25 unvalidated


def test_the_team_sets_it_on_the_settings_page(client, personas, world):
    client.force_login(personas["team"])
    page = client.get(reverse("programmes:settings"))
    assert page.status_code == 200 and "chiffres validés seulement" in page.content.decode()
    programme = Programme.objects.get()
    response = client.post(
        reverse("programmes:settings"),
        {"name": programme.name, "operator": "Ansa", "validated_only_for_readers": "on"},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.validated_only_for_readers and programme.operator == "Ansa"
    for role in ("evaluator", "innovator", "member", "funder"):
        client.force_login(personas[role])
        assert client.get(reverse("programmes:settings")).status_code == 403
        assert client.post(reverse("programmes:settings"), {"name": "Pris"}).status_code == 403
    client.logout()
    assert client.get(reverse("programmes:settings")).status_code == 302
    assert Programme.objects.get().name == programme.name


def shown(client, world):
    page = client.get(reverse("reports:consolidated") + "?au=2019-05-31")
    assert page.status_code == 200
    return cell(page.context["table"], world) if "table" in page.context else page


def test_funders_read_validated_figures_only_when_the_programme_says_so(client, personas, figures):
    url = reverse("reports:cell_source", args=["ALPHA", "people_reached"]) + "?au=2019-05-31"
    client.force_login(personas["funder"])
    assert "<strong>32</strong>" in client.get(url).content.decode()
    Programme.objects.update(validated_only_for_readers=True)
    page = client.get(url).content.decode()
    assert "<strong>17</strong>" in page and "que les chiffres validés" in page
    assert (
        "Chiffres validés seulement" in client.get(reverse("reports:consolidated") + "?au=2019-05-31").content.decode()
    )
    for role in ("team", "evaluator"):  # they read every value, and the cache keeps the two apart
        client.force_login(personas[role])
        assert "<strong>32</strong>" in client.get(url).content.decode()


def test_a_funders_export_counts_validated_figures_only(client, personas, figures):
    Programme.objects.update(validated_only_for_readers=True)
    client.force_login(personas["funder"])
    response = client.get(reverse("reports:export", args=["consolidated"]), {"au": "2019-05-31", "format": "csv"})
    job = Job.objects.get()
    assert response.status_code in (200, 302) and job.params.get("validated_only") is True
    assert job.status == Job.Status.DONE
    content = job.file.open("rb").read().decode("utf-8-sig")
    assert "17" in content and "32" not in content
