"""Figures by spreadsheet: download the template of an innovation, upload it filled in, check
(dry run), then confirm. See docs/template.md."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.evaluation import figure_template, figure_upload
from essaim.evaluation.completeness import known_period_ends
from essaim.evaluation.entry_views import read_period
from essaim.evaluation.forms import FiguresUploadForm
from essaim.evaluation.perms import (
    can_send_figures,
    can_send_innovation_figures,
    can_use_figure_files,
    can_view_completeness,
    figure_structure_ids,
)
from essaim.evaluation.validation import plural
from essaim.imports.plan import Outcome
from essaim.innovations.models import Innovation

# Room for the multipart envelope and the form's other fields around the file itself.
ENVELOPE = 64 * 1024
DRAIN = 100 * 1024 * 1024


def get_innovation(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    if not can_send_figures(request.user, innovation):
        raise PermissionDenied
    return innovation


def rows_for(user, innovation, period_end, **options):
    return figure_template.template_rows(
        innovation,
        period_end,
        figure_structure_ids(user, innovation),
        innovation_rows=can_send_innovation_figures(user),
        **options,
    )


def upload_url(innovation, period_end=None):
    url = reverse("evaluation:figures_upload", args=[innovation.code])
    return f"{url}?periode={period_end.isoformat()}" if period_end else url


def page(
    request,
    innovation,
    period_end,
    *,
    form=None,
    form_error=None,
    upload=None,
    token=None,
    period_error=None,
    status=200,
):
    rows = rows_for(request.user, innovation, period_end)
    context = {
        "innovation": innovation,
        "period_end": period_end,
        "period_error": period_error,
        "periods": known_period_ends(innovation)[:8],
        "n_rows": len(rows),
        "n_structures": len({r.structure.pk for r in rows if r.structure}),
        "whole_innovation_rows": sum(1 for r in rows if r.structure is None),
        "members_only": figure_structure_ids(request.user, innovation) is not None,
        "form": form or FiguresUploadForm(),
        "form_error": form_error,
        "upload": upload,
        "token": token,
        "max_mb": figure_upload.MAX_BYTES // 1024 // 1024,
        "can_view_completeness": can_view_completeness(request.user, innovation),
    }
    if upload is not None:
        counts = upload.counts
        context |= {
            "n_new": counts[Outcome.NEW],
            "n_updated": counts[Outcome.UPDATED],
            "n_unchanged": counts[Outcome.UNCHANGED],
            "changes": upload.details,
            "truncated": upload.name in upload.result.plan.truncated,
        }
    return render(request, "evaluation/figures_upload.html", context, status=status)


@require(can_use_figure_files)
def template_download(request, code):
    """The template as .xlsx (default) or .csv (`?format=csv`), for `?periode=AAAA-MM-JJ`."""
    innovation = get_innovation(request, code)
    period_end, error = read_period(request.GET.get("periode"))
    if error:
        messages.error(request, error)
        return redirect(upload_url(innovation))
    kind = request.GET.get("format") or "xlsx"
    if kind not in ("xlsx", "csv"):
        return HttpResponseBadRequest("Format inconnu : « xlsx » ou « csv ».")
    rows = rows_for(request.user, innovation, period_end)
    if kind == "csv":
        response = HttpResponse(
            figure_template.as_csv(innovation, period_end, rows), content_type=figure_template.CSV_TYPE
        )
    else:
        there = request.build_absolute_uri(upload_url(innovation, period_end))
        response = HttpResponse(
            figure_template.as_xlsx(innovation, period_end, rows, upload_url=there),
            content_type=figure_template.XLSX_TYPE,
        )
    name = figure_template.filename(innovation, period_end, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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


@csrf_exempt  # an oversized upload is refused before its body is read; csrf_protect then applies
@require(can_use_figure_files)
def upload_page(request, code):
    """GET: where to download the template and upload the filled file. POST: check the file
    (a dry run, nothing written) and, if it would change something, offer to confirm."""
    innovation = get_innovation(request, code)
    period_end, period_error = read_period(request.GET.get("periode"))
    length = content_length(request) if request.method == "POST" else 0
    if length > figure_upload.MAX_BYTES + ENVELOPE:
        # Django would otherwise copy the whole body to a temporary file first. Nothing changes
        # here, so nothing needs the CSRF check either.
        drop_body(request, length)
        refused = f"Fichier trop volumineux : {figure_upload.MAX_BYTES // 1024 // 1024} Mo au plus."
        return page(request, innovation, period_end, form_error=refused, status=400)
    return check_upload(request, innovation, period_end, period_error)


@csrf_protect
def check_upload(request, innovation, period_end, period_error):
    if request.method != "POST":
        return page(request, innovation, period_end, period_error=period_error)
    form = FiguresUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return page(request, innovation, period_end, form=form, status=400)
    uploaded = form.cleaned_data["fichier"]
    name = uploaded.name
    token, path = figure_upload.store(uploaded)
    upload = figure_upload.import_file(path, name, innovation, request.user, dry_run=True)
    if upload.errors or not upload.changed:
        figure_upload.discard(path)
        token = None
    else:
        figure_upload.remember(request.session, token, innovation, name)
    return page(request, innovation, period_end, upload=upload, token=token)


def saved_message(upload):
    counts = upload.counts
    new, updated = counts[Outcome.NEW], counts[Outcome.UPDATED]
    total = new + updated
    text = (
        f"« {upload.name} » : {total} valeur{plural(total)} enregistrée{plural(total)} "
        f"({new} nouvelle{plural(new)}, {updated} modifiée{plural(updated)}), à l'état « saisie »."
    )
    if upload.checks is not None and upload.checks.open:
        n = len(upload.checks.open)
        text += f" Contrôles : {n} anomalie{plural(n)} à examiner par un évaluateur."
    return text


@require_POST
@require(can_use_figure_files)
def upload_confirm(request, code):
    """Import the file checked by the dry run: everything or nothing, checked again."""
    innovation = get_innovation(request, code)
    period_end, _ = read_period(request.POST.get("periode"))
    waiting = figure_upload.take(request.session, request.POST.get("jeton"), innovation)
    if waiting is None:
        messages.error(
            request, "Ce dépôt n'est plus disponible (déjà enregistré ou trop ancien) : déposez le fichier à nouveau."
        )
        return redirect(upload_url(innovation, period_end))
    path, name = waiting
    try:
        upload = figure_upload.import_file(path, name, innovation, request.user, dry_run=False)
    finally:
        figure_upload.discard(path)
    if upload.errors:
        return page(request, innovation, period_end, upload=upload, status=400)
    messages.success(request, saved_message(upload))
    return redirect(upload_url(innovation, period_end))
