from django.shortcuts import render
from django.utils import timezone

from essaim.core.access import require
from essaim.core.cache import cached, rendered
from essaim.innovations.perms import can_view_innovations
from essaim.presentation.dates import as_of, parse_day
from essaim.reports import figures


@require(can_view_innovations)
def dashboard(request):
    today = timezone.localdate()

    def context():
        return {"figures": figures.key_figures(), "innovations": figures.innovations_overview(), "today": today}

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
            "figures": cached("brochure_figures", (day,), lambda: figures.brochure_figures(day)),
            "day": day,
            "today": today,
            "date_error": error,
        },
    )
