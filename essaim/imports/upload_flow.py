"""Uploading a filled template from a page: the steps every such page runs, knowing no domain.

A person sends a file; the page's import checks it (a dry run: nothing written) and the page
lists its row errors, or shows what it would change; the file then waits until the person
confirms, when it is checked again and imported, everything or nothing. The domain view says how
to check its file and how to draw its page (`UploadFlow`); its template draws the shared parts
with `imports/_upload_check.html` and `imports/_upload_form.html`.

Between the dry run and the confirmation the file waits in a private temporary directory under
a random name, known only to the session that uploaded it (`store`, `remember`, `take`).
"""

import os
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_protect

from essaim.imports.errors import ErrorList, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import READERS, open_table
from essaim.imports.run import Result, run_import

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = tuple(sorted(READERS))  # .csv, .xlsx
KEEP_SECONDS = 24 * 3600
KEPT_PER_SESSION = 5
# Room for the multipart envelope and the form's other fields around the file itself.
ENVELOPE = 64 * 1024
DRAIN = 100 * 1024 * 1024
GONE = "Ce dépôt n'est plus disponible (déjà enregistré ou trop ancien) : déposez le fichier à nouveau."
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


def context(*, form=None, form_error=None, upload=None, token=None):
    """What the shared templates read on the page."""
    found = {
        "form": form or UploadForm(),
        "form_error": form_error,
        "upload": upload,
        "token": token,
        "max_mb": max_mb(),
    }
    if upload is not None:
        counts = upload.counts
        found |= {
            "n_new": counts[Outcome.NEW],
            "n_updated": counts[Outcome.UPDATED],
            "n_unchanged": counts[Outcome.UNCHANGED],
            "changes": upload.details,
            "truncated": upload.name in upload.result.plan.truncated,
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
    upload = flow.check(path, name, dry_run=True)
    if upload.errors or not upload.changed:
        discard(path)
        token = None
    else:
        remember(request.session, flow.session_key, token, flow.scope, name)
    return flow.page(upload=upload, token=token)


def confirm(request, flow):
    """Import the file checked by the dry run: everything or nothing, checked again."""
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
