"""`manage.py prune_jobs`: finished jobs past ESSAIM_JOBS_KEEP_DAYS go with their files; the file
of an upload checked but never confirmed goes a day after the check; nothing else is touched."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from essaim.jobs.models import Job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def job(user, days_ago, **fields):
    made = Job.objects.create(user=user, **{"kind": "consolidated", **fields})
    Job.objects.filter(pk=made.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days_ago))
    made.refresh_from_db()
    return made


def test_old_jobs_and_unconfirmed_uploads_are_removed(settings, capsys):
    settings.ESSAIM_JOBS_KEEP_DAYS = 30
    user = UserFactory(funder=True)
    old = job(user, 31, status=Job.Status.DONE, filename="vieux.csv")
    old.file.save("vieux.csv", ContentFile(b"a;b"))
    recent = job(user, 2, status=Job.Status.DONE, filename="recent.csv")
    recent.file.save("recent.csv", ContentFile(b"a;b"))
    waiting = default_storage.save("depots/attente.csv", ContentFile(b"x"))
    unconfirmed = job(user, 2, status=Job.Status.DONE, kind="upload-figures", params={"file": waiting, "dry_run": True})
    fresh_file = default_storage.save("depots/frais.csv", ContentFile(b"x"))
    fresh = job(user, 0, status=Job.Status.DONE, kind="upload-figures", params={"file": fresh_file, "dry_run": True})
    running = Job.objects.create(user=user, kind="consolidated", status=Job.Status.RUNNING)

    call_command("prune_jobs", "--dry-run")
    assert "Travaux seraient supprimés : 1 ; fichiers seraient supprimés : 1." in capsys.readouterr().out
    assert Job.objects.count() == 5 and default_storage.exists(waiting)

    call_command("prune_jobs")
    assert "Travaux supprimés : 1 ; fichiers supprimés : 2." in capsys.readouterr().out
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, unconfirmed.pk, fresh.pk, running.pk}
    assert not default_storage.exists(old.file.name) and default_storage.exists(recent.file.name)
    assert not default_storage.exists(waiting) and default_storage.exists(fresh_file)
    unconfirmed.refresh_from_db()
    assert unconfirmed.used_at is not None  # its confirmation now says the file is gone
