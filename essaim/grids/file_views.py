"""Ratings by spreadsheet: download the template of a grid and phase, upload it filled in, check
(dry run), then confirm. The same steps as the figures template (evaluation/figure_views.py)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.evaluation.figure_template import CSV_TYPE, XLSX_TYPE
from essaim.evaluation.validation import plural
from essaim.grids import perms, rating_template, rating_upload, scoring
from essaim.grids.views import get_innovation, grid_of, read_phase
from essaim.imports import upload_flow
from essaim.imports.plan import Outcome
from essaim.innovations.models import Innovation
from essaim.jobs.runner import JobError

JOB_KIND = "upload-ratings"


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


def page(request, innovation, grid, phase, *, error=None, status=200, **shown):
    """The page; `shown`: what the upload flow shows on it (form, upload, … see upload_flow.context)."""
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
        "page_url": upload_url(innovation.code, phase),
        **upload_flow.context(**shown),
    }
    return render(request, "grids/upload.html", context, status=status)


def flow(request, innovation, grid, phase):
    """The upload of a filled template on the page of `grid` and `phase`."""
    return upload_flow.UploadFlow(
        session_key=rating_upload.SESSION_KEY,
        scope=innovation.code,
        check=partial(rating_upload.import_file, innovation=innovation, user=request.user),
        page=partial(page, request, innovation, grid, phase),
        back_url=upload_url(innovation.code, phase),
        saved_message=saved_message,
        job_kind=JOB_KIND,
        job_params={"innovation": innovation.code},
    )


def check_for_job(job):
    """The flow's check, in the worker, for the person who sent the file (jobs: `upload-ratings`)."""
    innovation = Innovation.objects.filter(code=job.params["innovation"]).first()
    if innovation is None or not (
        perms.can_use_rating(job.user) and perms.can_rate_innovation(job.user, innovation) and grid_of(innovation)
    ):
        raise JobError("Vous ne pouvez plus déposer de notes pour cette innovation : le fichier n'a pas été traité.")
    return partial(rating_upload.import_file, innovation=innovation, user=job.user)


def upload_job(job, progress):
    return upload_flow.run_job(job, progress, check_for_job, saved_message)


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


@csrf_exempt  # an oversized upload is refused before its body is read; upload_flow.check then applies csrf_protect
@require(perms.can_use_rating)
def upload_page(request, code):
    """GET: where to download the template and upload the filled file. POST: check the file
    (a dry run, nothing written) and, if it would change something, offer to confirm."""
    innovation, grid = get_grid(request, code)
    phase, error = read_phase(request.GET.get("phase"), scoring.default_phase(grid))
    if request.method != "POST":
        return upload_flow.show(request, flow(request, innovation, grid, phase), error=error)
    return upload_flow.receive(request, flow(request, innovation, grid, phase))


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
    return upload_flow.confirm(request, flow(request, innovation, grid, phase))
