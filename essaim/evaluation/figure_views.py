"""Figures by spreadsheet: download the template of an innovation, upload it filled in, check
(dry run), then confirm. See docs/template.md."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.evaluation import figure_template, figure_upload
from essaim.evaluation.completeness import known_period_ends
from essaim.evaluation.entry_views import read_period
from essaim.evaluation.perms import (
    can_send_figures,
    can_send_innovation_figures,
    can_use_figure_files,
    can_view_completeness,
    figure_structure_ids,
)
from essaim.evaluation.validation import plural
from essaim.imports import upload_flow
from essaim.imports.plan import Outcome
from essaim.innovations.models import Innovation
from essaim.jobs.runner import JobError

JOB_KIND = "upload-figures"


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


def page(request, innovation, period_end, *, period_error=None, status=200, **shown):
    """The page; `shown`: what the upload flow shows on it (form, upload, … see upload_flow.context)."""
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
        "can_view_completeness": can_view_completeness(request.user, innovation),
        "page_url": upload_url(innovation, period_end),
        **upload_flow.context(**shown),
    }
    return render(request, "evaluation/figures_upload.html", context, status=status)


def flow(request, innovation, period_end):
    """The upload of a filled template on the page of `innovation` and `period_end`."""
    return upload_flow.UploadFlow(
        session_key=figure_upload.SESSION_KEY,
        scope=innovation.code,
        check=partial(figure_upload.import_file, innovation=innovation, user=request.user),
        page=partial(page, request, innovation, period_end),
        back_url=upload_url(innovation, period_end),
        saved_message=saved_message,
        job_kind=JOB_KIND,
        job_params={"innovation": innovation.code},
    )


def check_for_job(job):
    """The flow's check, in the worker, for the person who sent the file (jobs: `upload-figures`)."""
    innovation = Innovation.objects.select_related("porteur").filter(code=job.params["innovation"]).first()
    if innovation is None or not (can_use_figure_files(job.user) and can_send_figures(job.user, innovation)):
        raise JobError("Vous ne pouvez plus déposer de chiffres pour cette innovation : le fichier n'a pas été traité.")
    return partial(figure_upload.import_file, innovation=innovation, user=job.user)


def upload_job(job, progress):
    return upload_flow.run_job(job, progress, check_for_job, saved_message)


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


@csrf_exempt  # an oversized upload is refused before its body is read; upload_flow.check then applies csrf_protect
@require(can_use_figure_files)
def upload_page(request, code):
    """GET: where to download the template and upload the filled file. POST: check the file
    (a dry run, nothing written) and, if it would change something, offer to confirm."""
    innovation = get_innovation(request, code)
    period_end, period_error = read_period(request.GET.get("periode"))
    if request.method != "POST":
        return upload_flow.show(request, flow(request, innovation, period_end), period_error=period_error)
    return upload_flow.receive(request, flow(request, innovation, period_end))


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
    return upload_flow.confirm(request, flow(request, innovation, period_end))
