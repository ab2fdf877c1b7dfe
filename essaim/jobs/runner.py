"""Background work: a job row, a task on the queue that does the work and writes its progress.

The web request only creates the job and queues its task (django-tasks, its database backend:
`manage.py db_worker` does it in another process, after a restart of the web process too); the
page polls the job (jobs/views.py). The work of each kind of job is declared by the app that
owns it: `job_kinds = {kind: dotted path}` in its AppConfig, a function `work(job, progress)`
returning what it made — a file (an object with `filename`, `content_type`, `content`), kept in
the default storage, or a dict the page shows, kept as the job's `result` — or raising
`JobError` with a French reason. The tests' backend runs a task as it is queued. A failure is
kept on the job, in French, and logged; it never breaks a page; its owner may start it again
(`retry`).
"""

import functools
import logging

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from essaim.core.reading import reading_validated_only, validated_only
from essaim.jobs.models import Job
from essaim.programmes import scope

logger = logging.getLogger(__name__)

FAILED = "Le travail n'a pas pu être fait ; l'erreur a été consignée pour l'équipe technique."


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
    """Do the job, inside the programme it was asked in (a worker starts outside any)."""
    with scope.unscoped():
        job = Job.objects.select_related("programme", "user").get(pk=job_id)
    if job.status != Job.Status.PENDING:  # done already, or taken by another worker
        return
    with scope.activate(job.programme), reading_validated_only(job.params.get("validated_only", False)):
        work(job)


def work(job):
    job_id = job.pk
    taken = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=0, message=""
    )
    if not taken:
        return

    def progress(fraction, message):
        Job.objects.filter(pk=job_id).update(progress=fraction, message=message[:200])

    try:
        made = kinds()[job.kind](job, progress)
    except JobError as error:
        fail(job_id, str(error))
    except Exception:  # noqa: BLE001 — any failure is reported on the job, never lost
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        fail(job_id, FAILED)
    else:
        finish(job, made)


def finish(job, made):
    done = {"status": Job.Status.DONE, "progress": 1, "message": "Terminé", "finished_at": timezone.now()}
    if isinstance(made, dict):
        done["result"] = made
    else:
        job.file.save(made.filename, ContentFile(made.content), save=False)
        done |= {"filename": made.filename, "content_type": made.content_type, "file": job.file.name}
    Job.objects.filter(pk=job.pk).update(**done)


def fail(job_id, message):
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=message, message="Échec", finished_at=timezone.now()
    )


@task()
def run_task(job_id):
    """The job, as the worker's process runs it."""
    run(job_id)


def enqueue(job):
    """Queue the job's task: a row of the same database, written in the same transaction as the
    job's, so that a worker never finds one without the other."""
    run_task.enqueue(job.pk)


def start(user, kind, *, as_of=None, fmt="", code="", params=None):
    """Create the job and queue it."""
    job = Job.objects.create(
        user=user,
        programme=scope.current(),
        kind=kind,
        as_of=as_of,
        format=fmt,
        code=code or "",
        params=(params or {}) | ({"validated_only": True} if validated_only() else {}),
        attempts=1,
    )
    enqueue(job)
    return job


def retry(job):
    """Start a failed or interrupted job again, as it was asked."""
    if not job.can_retry:
        return False
    again = Job.objects.filter(pk=job.pk, status=job.status).update(
        status=Job.Status.PENDING,
        progress=0,
        message="",
        error="",
        started_at=None,
        finished_at=None,
        attempts=job.attempts + 1,
    )
    if again:
        enqueue(job)
    return bool(again)
