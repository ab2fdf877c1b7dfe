"""What finished jobs leave behind, removed after a while (`manage.py prune_jobs`, daily): the
jobs finished more than ESSAIM_JOBS_KEEP_DAYS days ago with the files they made, and the files of
large uploads checked by a job but never confirmed, a day after the check (as the small uploads
waiting in the temporary folder, imports/upload_flow.py)."""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from essaim.jobs.models import Job
from essaim.programmes import scope

UNCONFIRMED_AFTER = timedelta(days=1)


def old_jobs(now=None):
    now = now or timezone.now()
    limit = now - timedelta(days=settings.ESSAIM_JOBS_KEEP_DAYS)
    return Job.objects.filter(finished_at__lt=limit)


def unconfirmed_uploads(now=None):
    """Checks done a day ago whose file still waits for a confirmation that did not come."""
    now = now or timezone.now()
    return Job.objects.filter(
        status=Job.Status.DONE, used_at__isnull=True, finished_at__lt=now - UNCONFIRMED_AFTER, params__dry_run=True
    )


def remove_file(name):
    if name and default_storage.exists(name):
        default_storage.delete(name)
        return 1
    return 0


def prune(now=None, *, dry_run=False):
    """Remove what is past its time; return (jobs, files) removed (or that would be)."""
    jobs = files = 0
    with scope.unscoped():
        for job in unconfirmed_uploads(now).iterator():
            stored = job.params.get("file")
            if dry_run:
                files += bool(stored) and default_storage.exists(stored)
                continue
            files += remove_file(stored)
            Job.objects.filter(pk=job.pk).update(used_at=timezone.now())  # nothing left to confirm
        for job in old_jobs(now).iterator():
            jobs += 1
            if dry_run:
                continue
            files += remove_file(job.file.name) + remove_file(job.params.get("file"))
            job.delete()
    return jobs, files
