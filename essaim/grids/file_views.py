"""Ratings by spreadsheet: download the template of a grid and phase, upload it filled in, check
(dry run), then confirm. The same steps as the figures template (evaluation/figure_views.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.evaluation import figure_upload
from essaim.evaluation.figure_template import CSV_TYPE, XLSX_TYPE
from essaim.evaluation.figure_views import ENVELOPE, content_length, drop_body
from essaim.evaluation.forms import FiguresUploadForm
from essaim.evaluation.validation import plural
from essaim.grids import perms, rating_template, rating_upload, scoring
from essaim.grids.views import get_innovation, grid_of, read_phase
from essaim.imports.plan import Outcome


def get_grid(request, code):
    innovation = get_innovation(code)
    if not perms.can_rate_innovation(request.user, innovation):
        raise PermissionDenied
    grid = grid_of(innovation)
    if grid is None:
        raise Http404("Pas de grille pour cette innovation.")
    return innovation, grid


def upload_url(code, phase=None):
    url = reverse("grids:upload", args=[code])
    return f"{url}?phase={phase}" if phase else url


def template_rows(request, grid, phase):
    return rating_template.template_rows(grid, phase, perms.rating_structure_ids(request.user, grid.innovation))


def page(
    request, innovation, grid, phase, *, form=None, form_error=None, upload=None, token=None, error=None, status=200
):
    rows = template_rows(request, grid, phase)
    context = {
        "innovation": innovation,
        "grid": grid,
        "phase": phase,
        "phase_error": error,
        "phases": scoring.PHASES,
        "n_rows": len(rows),
        "n_structures": len({r.adoption.pk for r in rows}),
        "members_only": perms.rating_structure_ids(request.user, innovation) is not perms.ALL,
        "form": form or FiguresUploadForm(),
        "form_error": form_error,
        "upload": upload,
        "token": token,
        "max_mb": figure_upload.MAX_BYTES // 1024 // 1024,
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
    return render(request, "grids/upload.html", context, status=status)


@require(perms.can_use_rating)
def template_download(request, code):
    """The template as .xlsx (default) or .csv (`?format=csv`), for `?phase=N`."""
    innovation, grid = get_grid(request, code)
    phase, error = read_phase(request.GET.get("phase"), scoring.default_phase(grid))
    if error:
        messages.error(request, error)
        return redirect(upload_url(code))
    kind = request.GET.get("format") or "xlsx"
    if kind not in ("xlsx", "csv"):
        return HttpResponseBadRequest("Format inconnu : « xlsx » ou « csv ».")
    rows = template_rows(request, grid, phase)
    if kind == "csv":
        response = HttpResponse(rating_template.as_csv(phase, rows), content_type=CSV_TYPE)
    else:
        there = request.build_absolute_uri(upload_url(code, phase))
        response = HttpResponse(rating_template.as_xlsx(grid, phase, rows, upload_url=there), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{rating_template.filename(grid, phase, kind)}"'
    return response


@csrf_exempt  # an oversized upload is refused before its body is read; csrf_protect then applies
@require(perms.can_use_rating)
def upload_page(request, code):
    """GET: where to download the template and upload the filled file. POST: check the file
    (a dry run, nothing written) and, if it would change something, offer to confirm."""
    innovation, grid = get_grid(request, code)
    phase, error = read_phase(request.GET.get("phase"), scoring.default_phase(grid))
    length = content_length(request) if request.method == "POST" else 0
    if length > figure_upload.MAX_BYTES + ENVELOPE:
        drop_body(request, length)
        refused = f"Fichier trop volumineux : {figure_upload.MAX_BYTES // 1024 // 1024} Mo au plus."
        return page(request, innovation, grid, phase, form_error=refused, status=400)
    return check_upload(request, innovation, grid, phase, error)


@csrf_protect
def check_upload(request, innovation, grid, phase, error):
    if request.method != "POST":
        return page(request, innovation, grid, phase, error=error)
    form = FiguresUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return page(request, innovation, grid, phase, form=form, status=400)
    uploaded = form.cleaned_data["fichier"]
    token, path = figure_upload.store(uploaded)
    upload = rating_upload.import_file(path, uploaded.name, innovation, request.user, dry_run=True)
    if upload.errors or not upload.changed:
        figure_upload.discard(path)
        token = None
    else:
        rating_upload.remember(request.session, token, innovation, uploaded.name)
    return page(request, innovation, grid, phase, upload=upload, token=token)


def saved_message(upload):
    counts = upload.counts
    new, updated = counts[Outcome.NEW], counts[Outcome.UPDATED]
    total = new + updated
    return (
        f"« {upload.name} » : {total} note{plural(total)} enregistrée{plural(total)} "
        f"({new} nouvelle{plural(new)}, {updated} modifiée{plural(updated)})."
    )


@require_POST
@require(perms.can_use_rating)
def upload_confirm(request, code):
    """Import the file checked by the dry run: everything or nothing, checked again."""
    innovation, grid = get_grid(request, code)
    phase, _ = read_phase(request.POST.get("phase"), scoring.default_phase(grid))
    waiting = rating_upload.take(request.session, request.POST.get("jeton"), innovation)
    if waiting is None:
        messages.error(
            request, "Ce dépôt n'est plus disponible (déjà enregistré ou trop ancien) : déposez le fichier à nouveau."
        )
        return redirect(upload_url(code, phase))
    path, name = waiting
    try:
        upload = rating_upload.import_file(path, name, innovation, request.user, dry_run=False)
    finally:
        figure_upload.discard(path)
    if upload.errors:
        return page(request, innovation, grid, phase, upload=upload, status=400)
    messages.success(request, saved_message(upload))
    return redirect(upload_url(code, phase))
