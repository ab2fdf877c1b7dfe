"""Uploading a filled template from a page: the steps every such page runs, knowing no domain.

A person sends a file; the page's import checks it (a dry run: nothing written) and the page
lists its row errors, or shows what it would change; the file then waits until the person
confirms, when it is checked again and imported, everything or nothing. The domain view says how
to check its file and how to draw its page (`UploadFlow`); its template draws the shared parts
with `imports/_upload_check.html` and `imports/_upload_form.html`.

Between the dry run and the confirmation the file waits in a private temporary directory under
a random name, known only to the session that uploaded it (`store`, `remember`, `take`).

A file of more than ESSAIM_UPLOAD_QUEUE_ROWS rows is checked, then imported, by a background
job instead (`queue`, `run_job`): it waits in the default storage (shared by web processes and
workers), the job's page follows it, then sends the person back to the upload page, which shows
what the job found (`show`, a `Summary` kept on the job) and the same confirmation; the
confirmation starts a second job, which imports it. A flow that can do so names its job's kind
(`job_kind`, declared by its app) and what its work needs to draw the check again (`job_params`).
"""

import datetime
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from essaim.accounts.memberships import current_membership, work_under
from essaim.imports.errors import ErrorList, RowError, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import READERS, count_rows, open_table
from essaim.imports.run import Result, run_import
from essaim.jobs import runner
from essaim.jobs.models import Job

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = tuple(sorted(READERS))  # .csv, .xlsx
KEEP_SECONDS = 24 * 3600
KEPT_PER_SESSION = 5
# Room for the multipart envelope and the form's other fields around the file itself.
ENVELOPE = 64 * 1024
DRAIN = 100 * 1024 * 1024
GONE = "Ce dépôt n'est plus disponible (déjà enregistré ou trop ancien) : déposez le fichier à nouveau."
JOB_PREFIX = "travail-"  # a confirmation token naming the job that checked the file
SHOWN_ERRORS = 500
AT_ONCE = (
    "Un autre envoi a enregistré les mêmes lignes au même moment : rien n'a été enregistré de ce fichier. "
    "Déposez-le à nouveau pour voir ce qu'il reste à changer."
)


def max_mb():
    return MAX_BYTES // 1024 // 1024


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


class UploadForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier rempli (.xlsx ou .csv)",
        error_messages={
            "required": "Choisissez le fichier à déposer.",
            "empty": "Ce fichier est vide : déposez le modèle une fois rempli.",
        },
    )

    def clean_fichier(self):
        uploaded = self.cleaned_data["fichier"]
        suffix = suffix_of(uploaded.name)
        if suffix not in SUFFIXES:
            shown = f"« {suffix} »" if suffix else "sans extension"
            raise forms.ValidationError(
                f"Format {shown} non pris en charge : enregistrez le fichier au format « Classeur Excel (.xlsx) » "
                "ou CSV, puis déposez-le à nouveau."
            )
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(
                f"Fichier trop volumineux ({megabytes(uploaded.size)} Mo) : {max_mb()} Mo au plus."
            )
        return uploaded


# What checking (or importing) one file gave.


@dataclass
class Upload:
    """What checking (or importing) one uploaded file gave."""

    name: str
    result: Result
    skipped: int = 0
    details: list = field(default_factory=list)  # the import's detail of each new or updated record
    checks: object = None  # what the domain checked after a write, if it checks anything

    @property
    def errors(self):
        return self.result.errors

    @property
    def counts(self):
        return self.result.plan.counts[self.name]

    @property
    def changed(self):
        return self.result.plan.changed


@dataclass
class Summary:
    """What a background check or import found, as the page shows it (kept on the job as JSON):
    the same attributes the page reads of an `Upload`."""

    name: str
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    skipped: int = 0
    details: list = field(default_factory=list)
    truncated: bool = False
    changed: bool = False
    error_count: int = 0

    @classmethod
    def of(cls, upload):
        counts = {str(outcome): upload.counts[outcome] for outcome in Outcome} if not upload.errors else {}
        return cls(
            name=upload.name,
            errors=[asdict(error) for error in upload.errors[:SHOWN_ERRORS]],
            error_count=len(upload.errors),
            counts=counts,
            skipped=upload.skipped,
            details=[{key: dated(value) for key, value in detail.items()} for detail in upload.details],
            truncated=upload.name in upload.result.plan.truncated,
            changed=bool(upload.changed) and not upload.errors,
        )

    @classmethod
    def from_json(cls, data):
        summary = cls(**data)
        summary.errors = [RowError(**error) for error in summary.errors]
        summary.details = [{key: undated(value) for key, value in detail.items()} for detail in summary.details]
        summary.counts = {Outcome(outcome): n for outcome, n in summary.counts.items()}
        return summary

    def json(self):
        """As kept on the job: `of` made each field plain data already, so each is taken as it
        is (`asdict` would copy again each of up to 10,000 details, a quarter of a second)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def dated(value):
    return {"date": value.isoformat()} if isinstance(value, datetime.date) else value


def undated(value):
    return datetime.date.fromisoformat(value["date"]) if isinstance(value, dict) and "date" in value else value


def check_file(path, name, sheet, make_import, *, dry_run=True):
    """Check (and, unless `dry_run`, import) the file at `path`, shown to the user as `name`:
    its sheet `sheet` if a workbook, read by `make_import(table)`, a FileImport that counts the
    rows it skipped (`skipped`) and describes each change for the page (`detail`)."""
    try:
        table = open_table(path, name=name, sheet=sheet)
    except TableError as error:
        return Upload(name, Result(ErrorList(error.errors), Plan(), dry_run=dry_run))
    item = make_import(table)
    upload = Upload(name, run_import([item], dry_run=dry_run))
    upload.skipped = item.skipped
    if not upload.errors:
        upload.details = [item.detail(c) for c in upload.result.plan.changes if c.file == name]
    return upload


# Waiting between the dry run and the confirmation.


def upload_dir():
    base = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()
    directory = Path(base) / "essaim-depots"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def clean_old(directory):
    limit = time.time() - KEEP_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            pass


def suffix_of(name):
    return Path(name).suffix.lower()


def store(uploaded):
    """Copy an uploaded file to the waiting directory; return (token, path)."""
    directory = upload_dir()
    clean_old(directory)
    token = secrets.token_hex(16)
    path = directory / f"{token}{suffix_of(uploaded.name)}"
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token, path


def path_of(token, suffix):
    return upload_dir() / f"{token}{suffix}"


def claim(path):
    """Take a waiting file for this request alone: it is renamed, which the file system does at
    once for one request only, so that of two confirmations sent together (a double click, two
    tabs) one imports it and the other finds it gone. Returns the new path, or None."""
    path = Path(path)
    claimed = path.with_name(f"{path.stem}-{secrets.token_hex(8)}{path.suffix}")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def discard(path):
    Path(path).unlink(missing_ok=True)


def remember(session, key, token, scope, name):
    """Keep a checked file for the confirmation, in the session's list `key` (the last few
    only); `scope` says what it was sent for."""
    waiting = dict(session.get(key, {}))
    waiting[token] = {"scope": scope, "name": name, "suffix": suffix_of(name)}
    for old in list(waiting)[:-KEPT_PER_SESSION]:
        discard(path_of(old, waiting.pop(old)["suffix"]))
    session[key] = waiting


def take(session, key, token, scope):
    """The (path, name) of a file this session checked for `scope`, removed from the waiting
    list `key`; None if unknown, already used or expired."""
    waiting = dict(session.get(key, {}))
    entry = waiting.pop(token, None) if isinstance(token, str) else None
    session[key] = waiting
    if entry is None or entry["suffix"] not in SUFFIXES:
        return None
    path = path_of(token, entry["suffix"])
    if entry.get("scope") != scope:
        discard(path)
        return None
    claimed = claim(path)
    return None if claimed is None else (claimed, entry["name"])


# The steps of the page.


@dataclass
class UploadFlow:
    """One upload page, as its domain view describes it."""

    session_key: str  # the session's list of files waiting for confirmation
    scope: str  # what the file is sent for (e.g. an innovation's code): it is confirmed for that only
    check: Callable  # (path, name, *, dry_run) → Upload
    page: Callable  # (form=, form_error=, upload=, token=, status=) → the page, drawn with `context`
    back_url: str  # the page, where the confirmation returns
    saved_message: Callable  # Upload → what the page says once its file is imported
    job_kind: str = ""  # the kind of the job that checks and imports a large file, if the flow can
    job_params: dict = field(default_factory=dict)  # what that job's work needs to draw `check` again


def context(*, form=None, form_error=None, upload=None, token=None):
    """What the shared templates read on the page."""
    found = {
        "form": form or UploadForm(),
        "form_error": form_error,
        "upload": upload,
        "token": token,
        "max_mb": max_mb(),
    }
    if isinstance(upload, Summary):
        found |= {
            "n_new": upload.counts.get(Outcome.NEW, 0),
            "n_updated": upload.counts.get(Outcome.UPDATED, 0),
            "n_unchanged": upload.counts.get(Outcome.UNCHANGED, 0),
            "changes": upload.details,
            "truncated": upload.truncated,
            "n_errors": upload.error_count,
        }
    elif upload is not None:
        counts = upload.counts
        found |= {
            "n_new": counts[Outcome.NEW],
            "n_updated": counts[Outcome.UPDATED],
            "n_unchanged": counts[Outcome.UNCHANGED],
            "changes": upload.details,
            "truncated": upload.name in upload.result.plan.truncated,
            "n_errors": len(upload.errors),
        }
    return found


def content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def drop_body(request, length):
    """Read an oversized body and drop it, without storing it, so that the browser gets the
    answer (up to DRAIN bytes; past that the connection is simply closed)."""
    if length > DRAIN:
        return
    while request.read(1024 * 1024):
        pass


def receive(request, flow):
    """A file posted to the page: checked (a dry run, nothing written) and, if it would change
    something, kept for the confirmation. The view is exempt from the CSRF check, so that an
    oversized upload is refused before its body is read; `check` then applies it."""
    length = content_length(request)
    if length > MAX_BYTES + ENVELOPE:
        # Django would otherwise copy the whole body to a temporary file first. Nothing changes
        # here, so nothing needs the CSRF check either.
        drop_body(request, length)
        return flow.page(form_error=f"Fichier trop volumineux : {max_mb()} Mo au plus.", status=400)
    return check(request, flow)


@csrf_protect
def check(request, flow):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return flow.page(form=form, status=400)
    uploaded = form.cleaned_data["fichier"]
    name = uploaded.name
    token, path = store(uploaded)
    if flow.job_kind and rows_in(path, name) > settings.ESSAIM_UPLOAD_QUEUE_ROWS:
        job = queue(request, flow, path, name)
        return redirect("jobs:detail", job.pk)
    upload = flow.check(path, name, dry_run=True)
    if upload.errors or not upload.changed:
        discard(path)
        token = None
    else:
        remember(request.session, flow.session_key, token, flow.scope, name)
    return flow.page(upload=upload, token=token)


def confirm(request, flow):
    """Import the file checked by the dry run: everything or nothing, checked again."""
    token = request.POST.get("jeton")
    if isinstance(token, str) and token.startswith(JOB_PREFIX):
        return confirm_queued(request, flow, token.removeprefix(JOB_PREFIX))
    waiting = take(request.session, flow.session_key, request.POST.get("jeton"), flow.scope)
    if waiting is None:
        messages.error(request, GONE)
        return redirect(flow.back_url)
    path, name = waiting
    try:
        upload = flow.check(path, name, dry_run=False)
    except IntegrityError:  # another request saved the same rows meanwhile: nothing was written
        messages.error(request, AT_ONCE)
        return redirect(flow.back_url)
    finally:
        discard(path)
    if upload.errors:
        return flow.page(upload=upload, status=400)
    messages.success(request, flow.saved_message(upload))
    return redirect(flow.back_url)


# Large files: checked, then imported, by background jobs.


def rows_in(path, name):
    try:
        return count_rows(path, name)
    except TableError:  # the check says what is wrong with it
        return 0


def queue(request, flow, path, name):
    """The job that checks the file at `path` in the background; the file moves to the storage."""
    with open(path, "rb") as handle:
        stored = default_storage.save(f"depots/{Path(path).name}", File(handle))
    discard(path)
    membership = current_membership(request.user)
    return runner.start(
        request.user,
        flow.job_kind,
        params={
            **flow.job_params,
            "file": stored,
            "name": name,
            "scope": flow.scope,
            "dry_run": True,
            "membership": membership.pk if membership else None,
            "follow": flow.back_url,
            "title": f"Vérification de « {name} »",
        },
    )


def queued_job(request, flow, pk):
    """The person's job of this flow and scope named `pk`, or None."""
    if not str(pk).isdigit():
        return None
    job = Job.objects.filter(pk=pk, user=request.user, kind=flow.job_kind).first()
    return job if job is not None and job.params.get("scope") == flow.scope else None


def show(request, flow, **shown):
    """The upload page; with `?travail=`, what the background job it names found."""
    pk = request.GET.get("travail")
    if not pk or not flow.job_kind:
        return flow.page(**shown)
    job = queued_job(request, flow, pk)
    if job is None:
        messages.error(request, GONE)
        return redirect(flow.back_url)
    if not job.finished:
        return redirect("jobs:detail", job.pk)
    if job.status != Job.Status.DONE:
        messages.error(request, job.error or "Ce travail a été interrompu : déposez le fichier à nouveau.")
        return redirect(flow.back_url)
    summary = Summary.from_json(job.result["summary"])
    if job.params["dry_run"]:
        usable = summary.changed and job.used_at is None
        return flow.page(upload=summary, token=f"{JOB_PREFIX}{job.pk}" if usable else None, **shown)
    if summary.errors:
        return flow.page(upload=summary, status=400, **shown)
    messages.success(request, job.result["saved"])
    return redirect(flow.back_url)


def confirm_queued(request, flow, pk):
    """Import a file a job checked: a second job, started once whatever the clicks."""
    job = queued_job(request, flow, pk)
    taken = (
        job is not None
        and job.params.get("dry_run")
        and Job.objects.filter(pk=job.pk, status=Job.Status.DONE, used_at__isnull=True).update(used_at=timezone.now())
    )
    if not taken:
        messages.error(request, GONE)
        return redirect(flow.back_url)
    name = job.params["name"]
    applying = runner.start(
        request.user,
        flow.job_kind,
        params={**job.params, "dry_run": False, "title": f"Enregistrement de « {name} »"},
    )
    return redirect("jobs:detail", applying.pk)


def run_job(job, progress, make_check, saved_message):
    """The work of a flow's job: check (or import) the stored file as the person who sent it,
    under the role they sent it with (`make_check(job)` then draws the flow's `check`, or raises
    JobError if they may no longer send it); what it found is kept on the job for the page."""
    params = job.params
    if params.get("membership"):
        membership = next((m for m in job.user.active_memberships() if m.pk == params["membership"]), None)
        if membership is None:
            raise runner.JobError("Le rôle sous lequel ce fichier a été déposé a pris fin : il n'a pas été traité.")
        work_under(job.user, membership)
    check = make_check(job)
    name, stored, dry_run = params["name"], params["file"], params["dry_run"]
    progress(0.05, "Lecture du fichier")
    try:
        source = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise runner.JobError(GONE) from None
    with source, tempfile.NamedTemporaryFile(suffix=suffix_of(name)) as local:
        shutil.copyfileobj(source, local)
        local.flush()
        progress(0.1, "Vérification des lignes" if dry_run else "Vérification et enregistrement des lignes")
        try:
            upload = check(local.name, name, dry_run=dry_run)
        except IntegrityError:
            default_storage.delete(stored)
            raise runner.JobError(AT_ONCE) from None
    summary = Summary.of(upload)
    if not dry_run or not summary.changed:
        default_storage.delete(stored)
    found = {"summary": summary.json()}
    if not dry_run and not upload.errors:
        found["saved"] = saved_message(upload)
    return found
