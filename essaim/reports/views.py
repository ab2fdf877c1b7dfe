from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from essaim.core.access import require
from essaim.core.cache import cached, rendered
from essaim.evaluation import measures
from essaim.evaluation.consolidation import consolidate
from essaim.innovations.perms import can_view_innovations
from essaim.presentation.dates import as_of, parse_day
from essaim.programmes import scope
from essaim.reports import figures


@require(can_view_innovations)
def dashboard(request):
    today = timezone.localdate()

    def context():
        table, memo = consolidate(today), {}
        return {
            "figures": figures.dashboard_figures(today, table, memo),
            "innovations": figures.innovations_overview(today, table, memo),
            "labels": {code: measures.label(code) for code in ("structures_reached", "structures_followed")},
            "source_url": f"{reverse('reports:consolidated')}?au={today:%Y-%m-%d}",
            "today": today,
            "programme": scope.current(),
        }

    parts = rendered("dashboard", (today,), {"body": "reports/_dashboard.html"}, context)
    return render(request, "reports/dashboard.html", parts)


@require(can_view_innovations)
def board(request):
    today = timezone.localdate()
    day, error = parse_day(request.GET.get("au", ""), today)
    return render(
        request,
        "reports/board.html",
        {"board": figures.method_board(day), "day": day, "today": today, "date_error": error},
    )


def public_figures(request):
    """The key figures of the programme, computed as of a date: aggregates, open to everyone."""
    day, error, today = as_of(request)
    return render(
        request,
        "reports/public.html",
        {
            "figures": cached("key_figures", (day,), lambda: figures.key_figures(day)),
            "day": day,
            "today": today,
            "date_error": error,
        },
    )
