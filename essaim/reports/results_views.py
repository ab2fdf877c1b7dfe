"""The consolidated evaluation: the table as of a date, two dates side by side, where each
figure comes from, and the published figures checked against the computed ones."""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from essaim.activities.figures import trained_beside
from essaim.core.access import require
from essaim.core.cache import data_version, rendered
from essaim.core.cache import enabled as cache_enabled
from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.models import Indicator
from essaim.evaluation.provenance import cell_provenance
from essaim.innovations.models import Innovation
from essaim.presentation.dates import as_of, parse_day
from essaim.reports import published
from essaim.reports.across import side_by_side
from essaim.reports.comparison import compare
from essaim.reports.figures import consolidated_table
from essaim.reports.perms import can_read_across, can_read_reports, own_structure_ids, sees_unit_figures
from essaim.reports.report_charts import consolidated_charts
from essaim.reports.tables import publics_table


def table_rows(table):
    """The table as lists of cells in indicator order, for templates."""
    return [
        {
            "innovation": row.innovation,
            "cells": [(indicator, row.cells[indicator.code]) for indicator in table.indicators],
        }
        for row in table.rows
    ] + [{"innovation": None, "cells": [(indicator, table.total[indicator.code]) for indicator in table.indicators]}]


def own_figures(user, read_table):
    """For a structure member: its own latest values beside its innovations' consolidated cells
    (`read_table()` gives the table, read only for them)."""
    own = own_structure_ids(user)
    if not own:
        return []
    table = read_table()
    units = expected_units(table.as_of)
    base = [i for i in table.indicators if not i.is_derived]
    found = []
    for row in table.rows:
        for structure_id in sorted(own & units.get(row.innovation.pk, set())):
            lines = []
            for indicator in base:
                values = cell_provenance(row.innovation, indicator, table.as_of, units=units).values
                mine = next((v for v in values if v.structure_id == structure_id), None)
                lines.append((indicator, mine, row.cells[indicator.code]))
            found.append({"innovation": row.innovation, "lines": lines})
    return found


PARTS = {
    "main_table": "reports/_consolidated_table.html",
    "trained_html": "activities/_trained_table.html",
    "charts_html": "reports/_consolidated_charts.html",
}


def rendered_parts(day, version):
    """The heavy, user-independent parts of the page (the table, the professionals trained, the
    charts and map, the publics), rendered once per date and state of the data."""

    def context():
        table = consolidated_table(day, version)
        return {
            "table": table,
            "day": day,
            "rows": table_rows(table),
            "trained": trained_beside(table),
            "charts": consolidated_charts(table),
            "publics": publics_table([row.innovation for row in table.rows]),
        }

    return rendered("consolidated_page", (day,), PARTS, context, version)


@require(can_read_reports)
def consolidated(request):
    """The consolidated table (Annexe I layout) as of a date; with `comparer`, beside a second date."""
    day, error, today = as_of(request)
    version = data_version() if cache_enabled() else None
    parts = rendered_parts(day, version)

    @functools.cache
    def table():  # the rendered parts serve most requests: the table is read only when needed
        return consolidated_table(day, version)

    context = {
        "day": day,
        "today": today,
        "date_error": error,
        **parts,
        "own_figures": own_figures(request.user, table),
    }
    raw_other = request.GET.get("comparer", "")
    if raw_other:
        other, other_error = parse_day(raw_other, None)
        if other_error:
            context["date_error"] = other_error
        else:
            before, after = sorted([other, day])
            tables = {day: table(), other: consolidated_table(other, version)}
            context.update(
                table=table(), before=before, after=after, other=other, changes=compare(tables[before], tables[after])
            )
    return render(request, "reports/consolidated.html", context)


@require(can_read_reports)
def cell_source(request, code, indicator):
    """One figure of the table and the values behind it, with their sources."""
    innovation = get_object_or_404(Innovation, code=code)
    indicator = get_object_or_404(Indicator, code=indicator)
    day, error, today = as_of(request)
    rows = consolidated_table(day).rows
    cell = next((row.cells[indicator.code] for row in rows if row.innovation.pk == innovation.pk), None)
    if cell is None:
        raise Http404("Cette innovation n'a pas de ligne dans le tableau à cette date.")
    units = expected_units(day)
    bases = indicator.base_indicators()  # a derived indicator's entered ones, through derived operands too
    parts = [cell_provenance(innovation, base, day, units=units) for base in bases]
    detailed = sees_unit_figures(request.user, innovation)
    own = own_structure_ids(request.user)
    for part in parts:
        part.shown = [v for v in part.values if detailed or v.structure_id is None or v.structure_id in own]
        part.hidden = len(part.values) - len(part.shown)
        part.silent_shown = part.silent if detailed else []
    return render(
        request,
        "reports/cell_source.html",
        {
            "innovation": innovation,
            "indicator": indicator,
            "cell": cell,
            "parts": parts,
            "day": day,
            "today": today,
            "date_error": error,
            "detailed": detailed,
        },
    )


@require(can_read_reports)
def published_figures(request):
    """The figures the documents published, checked against the figures computed here."""
    found = published.comparisons()
    summary = [(label, sum(1 for c in found if c.verdict == code)) for code, label in published.VERDICTS.items()]
    return render(request, "reports/published.html", {"comparisons": found, "summary": summary})


@require(can_read_across)
def across(request):
    """The programmes the account belongs to, side by side, as of a date: each consolidated apart,
    a total across them for the shared indicators only."""
    day, error, today = as_of(request)
    version = data_version() if cache_enabled() else None
    context = {"day": day, "today": today, "date_error": error, **side_by_side(request.programmes, day, version)}
    return render(request, "reports/across.html", context)
