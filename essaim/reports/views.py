from datetime import date

from django.shortcuts import render
from django.utils import timezone

from essaim.core.access import require
from essaim.innovations.perms import can_view_innovations
from essaim.reports import figures
from essaim.reports.consolidation import consolidate


@require(can_view_innovations)
def dashboard(request):
    return render(
        request,
        "reports/dashboard.html",
        {
            "figures": figures.key_figures(),
            "innovations": figures.innovations_overview(),
            "today": timezone.localdate(),
        },
    )


def parse_day(raw, default):
    try:
        return date.fromisoformat(raw) if raw else default, None
    except ValueError:
        return default, f"La date « {raw} » n'est pas valide : utilisez le format AAAA-MM-JJ."


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
    """Published aggregates, open to everyone."""
    return render(request, "reports/public.html", {"figures": figures.key_figures(), "today": timezone.localdate()})


@require(can_view_innovations)
def consolidated(request):
    """The consolidated table (Annexe I layout) as of a date."""
    today = timezone.localdate()
    day, error = parse_day(request.GET.get("au", ""), today)
    table = consolidate(day)
    return render(
        request,
        "reports/consolidated.html",
        {"table": table, "day": day, "today": today, "date_error": error, "rows": table_rows(table)},
    )


def table_rows(table):
    """The table as lists of cells in indicator order, for templates."""
    return [
        {
            "innovation": row.innovation,
            "cells": [(indicator, row.cells[indicator.code]) for indicator in table.indicators],
        }
        for row in table.rows
    ] + [{"innovation": None, "cells": [(indicator, table.total[indicator.code]) for indicator in table.indicators]}]
