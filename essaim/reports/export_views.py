"""Downloads: every export (PDF, XLSX, CSV) is a background job whose page shows its progress
and then its file (essaim/jobs)."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from essaim.core.access import require
from essaim.innovations.models import Innovation
from essaim.jobs import runner as jobs
from essaim.presentation.dates import parse_day
from essaim.reports.perms import can_read_reports
from essaim.reports.render import FORMATS, KINDS


@require(can_read_reports)
def export(request, kind):
    """?au=…&format=xlsx|csv|pdf[&code=…][&comparer=…]: the job that makes the file."""
    day, error = parse_day(request.GET.get("au", ""), timezone.localdate())
    fmt = request.GET.get("format", "xlsx")
    code = request.GET.get("code", "")
    if error or fmt not in FORMATS:
        return HttpResponseBadRequest(error or f"Format « {fmt} » inconnu : pdf, xlsx ou csv.")
    if kind not in KINDS:
        return HttpResponseBadRequest(f"Rapport « {kind} » inconnu : {', '.join(KINDS)}.")
    if kind == "innovation":
        get_object_or_404(Innovation, code=code)
    if kind == "published" and fmt == "pdf":
        return HttpResponseBadRequest("Les chiffres publiés s'exportent en xlsx ou csv.")
    if request.GET.get("comparer") and kind == "consolidated" and fmt == "xlsx":
        other, other_error = parse_day(request.GET["comparer"], None)
        if other_error:
            return HttpResponseBadRequest(other_error)
        job = jobs.start(
            request.user,
            "comparison",
            as_of=day,
            fmt=fmt,
            params={
                "other": other.isoformat(),
                "title": f"Évolution des résultats du {min(day, other):%d/%m/%Y} au {max(day, other):%d/%m/%Y} (XLSX)",
            },
        )
        return redirect("jobs:detail", job.pk)
    job = jobs.start(request.user, kind, as_of=day, fmt=fmt, code=code)
    return redirect("jobs:detail", job.pk)
