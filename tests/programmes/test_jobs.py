"""A background job runs in the programme it was asked in, and is seen from it only."""

import datetime

from essaim.jobs.models import Job
from essaim.jobs.runner import start
from essaim.programmes import scope
from essaim.programmes.models import Programme
from tests.factories import AdoptionFactory, InnovationFactory, UserFactory


def test_an_export_job_reads_and_is_read_in_its_programme(db):
    a, b = Programme.objects.create(code="A", name="Alpha"), Programme.objects.create(code="B", name="Bêta")
    for programme in (a, b):
        with scope.activate(programme):
            innovation = InnovationFactory(
                code=f"SEULE-{programme.code}", name=f"Innovation du programme {programme.code}", programme=programme
            )
            AdoptionFactory(innovation=innovation, since=datetime.date(2020, 1, 1))
    user = UserFactory(team=True, programmes=[a, b])
    with scope.activate(b):
        job = start(user, "consolidated", as_of=datetime.date(2030, 1, 1), fmt="csv")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.programme == b
    with job.file.open("rb") as handle:
        content = handle.read().decode("utf-8-sig")
    assert "SEULE-B" in content or "Innovation du programme B" in content
    assert "SEULE-A" not in content and "Innovation du programme A" not in content
    with scope.activate(a):
        assert not Job.objects.filter(pk=job.pk).exists()
    with scope.activate(b):
        assert Job.objects.filter(pk=job.pk).exists()
