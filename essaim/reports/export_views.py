"""Downloads: spreadsheets straight away, PDFs through a background job with a progress bar."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from essaim.core.access import require
from essaim.evaluation.consolidation import consolidate
from essaim.innovations.models import Innovation
from essaim.jobs import runner as jobs
from essaim.jobs.models import ExportJob
from essaim.presentation.dates import parse_day
from essaim.presentation.exports import to_xlsx
from essaim.presentation.tables import LEGEND, Report
from essaim.reports.comparison import compare
from essaim.reports.perms import can_read_reports
from essaim.reports.render import FORMATS, ReportError
from essaim.reports.render import render as render_report
from essaim.reports.tables import comparison_table, sources_used


def attachment(rendered_name, content_type, content):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered_name}"'
    return response


@require(can_read_reports)
def export(request, kind):
    """?au=…&format=xlsx|csv|pdf[&code=…][&comparer=…]"""
    day, error = parse_day(request.GET.get("au", ""), timezone.localdate())
    fmt = request.GET.get("format", "xlsx")
    code = request.GET.get("code", "")
    if error or fmt not in FORMATS:
        return HttpResponseBadRequest(error or f"Format « {fmt} » inconnu : pdf, xlsx ou csv.")
    if kind == "innovation":
        get_object_or_404(Innovation, code=code)
    if request.GET.get("comparer") and kind == "consolidated" and fmt == "xlsx":
        other, other_error = parse_day(request.GET["comparer"], None)
        if other_error:
            return HttpResponseBadRequest(other_error)
        return comparison_xlsx(day, other)
    if fmt == "pdf":
        job = jobs.start(request.user, kind, day, fmt, code)
        return redirect("reports:export_job", job.pk)
    try:
        rendered = render_report(kind, day, fmt, code=code or None)
    except ReportError as failure:
        return HttpResponseBadRequest(str(failure))
    return attachment(rendered.filename, rendered.content_type, rendered.content)


def comparison_xlsx(day, other):
    before, after = sorted([day, other])
    changes = compare(consolidate(before), consolidate(after))
    report = Report(
        title=f"Évolution des résultats du {before:%d/%m/%Y} au {after:%d/%m/%Y}",
        as_of=after,
        tables=[comparison_table(changes, before, after)],
        notes=LEGEND,
        sources=sources_used(after),
    )
    name = f"evolution-{before:%Y-%m-%d}-{after:%Y-%m-%d}.xlsx"
    return attachment(name, FORMATS["xlsx"], to_xlsx(report))


def own_job(request, pk):
    job = get_object_or_404(ExportJob.objects.defer("content"), pk=pk)
    if job.user_id != request.user.pk:
        raise Http404("Cet export n'existe pas.")
    return job


@require(can_read_reports)
def export_job(request, pk):
    """The job's page; HTMX polls it for the progress bar until the file is ready."""
    job = own_job(request, pk)
    template = "reports/_export_progress.html" if request.htmx else "reports/export_job.html"
    return render(request, template, {"job": job})


@require(can_read_reports)
def export_file(request, pk):
    job = own_job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404("Le fichier n'est pas encore prêt.")
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    return attachment(job.filename, job.content_type, bytes(content))
