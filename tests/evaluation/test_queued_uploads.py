"""A large upload (over ESSAIM_UPLOAD_QUEUE_ROWS rows) is checked, then imported, by background
jobs (imports/upload_flow.py: queue, show, confirm_queued, run_job): the request only stores the
file; the job's page follows it and sends the person back to the upload page with what it found;
the confirmation starts a second job, once whatever the clicks. Here every file is "large"
(ESSAIM_UPLOAD_QUEUE_ROWS = 0) and the tests' backend runs a job as it is queued."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from essaim.evaluation.models import Value
from essaim.jobs import runner
from essaim.jobs.models import Job
from tests.evaluation.template_helpers import PERIOD, key, stored, upload_url
from tests.evaluation.test_template_pages import filled, login, post_file, text

pytestmark = pytest.mark.usefixtures("upload_dir", "values_path")
CONFIRM = reverse("evaluation:figures_confirm", args=["ALPHA"])


@pytest.fixture(autouse=True)
def every_file_is_large(settings):
    settings.ESSAIM_UPLOAD_QUEUE_ROWS = 0


def follow_job(client, response):
    """From the redirection to a job's page to where the finished job sends its owner."""
    assert response.status_code == 302 and response.url.startswith("/travaux/")
    job = Job.objects.get(pk=int(response.url.strip("/").split("/")[-1]))
    landing = client.get(response.url)
    assert landing.status_code == 302 and landing.url.endswith(f"travail={job.pk}")
    return job, client.get(landing.url, follow=True)


@pytest.mark.parametrize("role", ["team", "member"])
def test_a_large_file_is_checked_then_imported_by_jobs(client, world, personas, role):
    user = personas[role]
    login(client, user)
    content = filled(client, world, {("own", "people_reached"): 36, ("own", "returns_to_employment"): "nc"})

    check, page = follow_job(client, post_file(client, content))
    assert check.user == user and check.status == Job.Status.DONE and check.params["dry_run"]
    assert check.title == "Vérification de « chiffres.xlsx »"
    html = text(page)
    assert "Vérification de « chiffres.xlsx »" in html and "Enregistrer ces 2 valeurs" in html
    assert page.context["n_new"] == 2 and Value.objects.count() == 0
    assert page.context["token"] == f"travail-{check.pk}"
    assert default_storage.exists(check.params["file"])  # the file waits in the shared storage

    applying, page = follow_job(client, client.post(CONFIRM, {"jeton": f"travail-{check.pk}"}))
    assert applying.params["dry_run"] is False and applying.status == Job.Status.DONE
    assert "« chiffres.xlsx » : 2 valeurs enregistrées (2 nouvelles, 0 modifiée)" in text(page)
    assert stored(world.innovation) == {(key(world.own.structure), "people_reached"): "36",
                                        (key(world.own.structure), "returns_to_employment"): "nc"}  # fmt: skip
    assert Value.objects.get(indicator__code="people_reached").entered_by == user
    assert not default_storage.exists(check.params["file"])  # removed once imported

    # The same confirmation again (a double click, another tab): nothing more.
    again = client.post(CONFIRM, {"jeton": f"travail-{check.pk}"}, follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(again)
    assert Job.objects.count() == 2 and Value.objects.count() == 2


def test_errors_found_by_the_job_are_listed_and_nothing_can_be_confirmed(client, world, personas):
    login(client, personas["member"])
    content = filled(client, world, {("own", "people_reached"): 12.5, ("own", "companies_involved"): -3})
    check, page = follow_job(client, post_file(client, content, name="rempli.xlsx"))
    html = text(page)
    assert "2 erreurs : rien n'a été enregistré." in html
    assert "« 12.5 » est décimal" in html and "« -3 » est négatif" in html
    assert page.context["token"] is None
    assert not default_storage.exists(check.params["file"])
    refused = client.post(CONFIRM, {"jeton": f"travail-{check.pk}"}, follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(refused) and Value.objects.count() == 0


def test_a_job_is_confirmed_by_its_owner_only_and_for_its_innovation(client, world, personas):
    login(client, personas["team"])
    content = filled(client, world, {("own", "people_reached"): 36})
    check, _ = follow_job(client, post_file(client, content))
    login(client, personas["evaluator"])
    refused = client.post(CONFIRM, {"jeton": f"travail-{check.pk}"}, follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(refused)
    shown = client.get(upload_url() + f"&travail={check.pk}", follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(shown) and "Enregistrer ces" not in text(shown)
    assert Value.objects.count() == 0 and Job.objects.count() == 1


def test_a_member_who_lost_their_role_meanwhile_gets_nothing_written(client, world, personas, monkeypatch):
    member = personas["member"]
    login(client, member)
    content = filled(client, world, {("own", "people_reached"): 36})
    check, _ = follow_job(client, post_file(client, content))
    monkeypatch.setattr(runner, "enqueue", lambda job: None)  # queued: no worker has taken it yet
    client.post(CONFIRM, {"jeton": f"travail-{check.pk}"})
    applying = Job.objects.exclude(pk=check.pk).get()
    assert applying.status == Job.Status.PENDING
    member.memberships.update(ended_at="2020-01-01T00:00:00Z")
    runner.run(applying.pk)  # the worker takes it
    applying.refresh_from_db()
    assert applying.status == Job.Status.FAILED and "a pris fin" in applying.error
    assert Value.objects.count() == 0


def test_a_small_file_is_still_checked_in_the_request(client, world, personas, settings):
    settings.ESSAIM_UPLOAD_QUEUE_ROWS = 5000
    login(client, personas["team"])
    response = post_file(client, filled(client, world, {("own", "people_reached"): 36}))
    assert response.status_code == 200 and "Enregistrer cette valeur" in text(response)
    assert not Job.objects.exists()
    assert PERIOD
