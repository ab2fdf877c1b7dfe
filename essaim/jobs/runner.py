"""Background work: a job row, a task on the queue that does the work and writes its progress.

The web request only creates the job and queues its task (django-tasks, its database backend:
`manage.py db_worker` does it in another process, after a restart of the web process too); the
page polls the job. The work of
each kind of job is declared by the app that owns it: `job_kinds = {kind: dotted path}` in its
AppConfig, a function `work(job, progress)` returning what was made (`filename`,
`content_type`, `content`) or raising `JobError` with a French reason. The tests' backend runs
a task as it is queued. A failure is kept on the job, in French, and
logged; it never breaks a page.
"""

import functools
import logging

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from essaim.jobs.models import ExportJob
from essaim.programmes import scope

logger = logging.getLogger(__name__)


class JobError(Exception):
    """The work cannot be done, for a reason the user can read (in French)."""


@functools.cache
def kinds():
    """kind → work function, as the apps declare them."""
    found = {}
    for config in apps.get_app_configs():
        for kind, path in getattr(config, "job_kinds", {}).items():
            found[kind] = import_string(path)
    return found


def run(job_id):
    """Do the job, inside the programme it was asked in (a thread starts outside any)."""
    with scope.unscoped():
        job = ExportJob.objects.select_related("programme").get(pk=job_id)
    with scope.activate(job.programme):
        work(job)


def work(job):
    job_id = job.pk
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(fraction, message):
        ExportJob.objects.filter(pk=job_id).update(progress=fraction, message=message[:200])

    try:
        rendered = kinds()[job.kind](job, progress)
    except JobError as error:
        fail(job_id, str(error))
    except Exception:  # noqa: BLE001 — any failure is reported on the job, never lost
        logger.exception("Export %s failed", job_id)
        fail(job_id, "Le rapport n'a pas pu être produit ; l'erreur a été consignée pour l'équipe technique.")
    else:
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.DONE,
            progress=1,
            message="Terminé",
            filename=rendered.filename,
            content_type=rendered.content_type,
            content=rendered.content,
            finished_at=timezone.now(),
        )


def fail(job_id, message):
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=message, message="Échec", finished_at=timezone.now()
    )


@task()
def run_task(job_id):
    """The job, as the worker's process runs it."""
    run(job_id)


def start(user, kind, as_of, fmt, code=""):
    """Create the job and queue it."""
    job = ExportJob.objects.create(
        user=user, programme=scope.current(), kind=kind, as_of=as_of, format=fmt, code=code or ""
    )
    run_task.enqueue(job.pk)
    return job
