"""Rendering a report to a file: the one function behind the download buttons, the background
exports and `manage.py render_report`.

A report is built once (tables from the consolidation engine, charts, notes), then written as
XLSX (`presentation.exports.to_xlsx`), CSV (its main table) or PDF (an HTML template printed by
WeasyPrint).
`progress(fraction, message)` is called along the way for the background exports.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from essaim.core import reading
from essaim.evaluation.consolidation import consolidate
from essaim.innovations.models import Innovation
from essaim.jobs.runner import JobError
from essaim.presentation.exports import to_csv, to_xlsx
from essaim.presentation.pdf import html_to_pdf
from essaim.presentation.tables import LEGEND, Report, ReportTable
from essaim.reports import exports, figures, innovation_report, published, report_charts, tables
from essaim.reports.comparison import compare

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
KINDS = ("consolidated", "innovation", "published")


class ReportError(JobError, ValueError):
    """A report that cannot be made (unknown kind, format or innovation); the message is French."""


@dataclass
class Rendered:
    filename: str
    content_type: str
    content: bytes


VALIDATED_ONLY = (
    "Chiffres validés seulement : ce programme ne compte, pour ses financeurs et le public, "
    "que les valeurs validées par un évaluateur."
)


def no_progress(fraction, message):
    pass


def consolidated_context(as_of, progress):
    progress(0.1, "Consolidation des chiffres")
    table = consolidate(as_of)
    progress(0.4, "Chiffres clés, publics et sources")
    key = figures.key_figures(as_of, table=table)
    publics = tables.publics_table([row.innovation for row in table.rows])
    report = Report(
        title="Évaluation consolidée du programme",
        as_of=as_of,
        tables=[tables.key_figures_table(key, as_of), *tables.consolidated_tables(table), publics],
        notes=LEGEND + ([VALIDATED_ONLY] if reading.validated_only() else []),
        sources=tables.sources_used(as_of, [row.innovation.pk for row in table.rows]),
    )
    rows = [
        {"innovation": row.innovation, "cells": [(i, row.cells[i.code]) for i in table.indicators]}
        for row in table.rows
    ] + [{"innovation": None, "cells": [(i, table.total[i.code]) for i in table.indicators]}]
    progress(0.5, "Graphiques et carte")
    charts = report_charts.consolidated_charts(table)
    return report, {"table": table, "rows": rows, "key_figures": key, "publics": publics, "charts": charts}


def innovation_context(innovation, as_of, progress):
    progress(0.1, "Chiffres de l'innovation dans le temps")
    data = innovation_report.build(innovation, as_of)
    series_header = ["Au", *(i.label for i in data.indicators)]
    series_rows = [[day, *(cells.get(i.code) for i in data.indicators)] for day, cells in reversed(data.series)]
    report = Report(
        title=f"Rapport d'innovation — {innovation.name}",
        as_of=as_of,
        tables=[
            ReportTable("Chiffres", "Chiffres consolidés dans le temps", series_header, series_rows),
            ReportTable(
                "Statuts",
                "Essaimages enregistrés par statut",
                ["Statut", "Essaimages"],
                [[s["label"], s["count"]] for s in data.by_status],
            ),
            ReportTable(
                "Départements",
                "Structures comptées par département",
                ["Code", "Département", "Structures"],
                [[d.code if d else "", d.name if d else "non connu", n] for d, n in data.by_departement],
            ),
            ReportTable(
                "Abandons",
                "Taux d'abandon",
                ["Structures retenues", "Abandons"],
                [[data.dropouts[1], data.dropouts[0]]],
            ),
        ],
        notes=LEGEND,
        sources=tables.sources_used(as_of, [innovation.pk]),
    )
    charts = report_charts.innovation_charts(data)
    return report, {"report_data": data, "innovation": innovation, "charts": charts, "adoptions_shown": []}


def pdf_bytes(template, context):
    return html_to_pdf(render_to_string(template, context))


def render(kind, as_of, fmt, *, code=None, progress=no_progress):
    """Build one report and write it in `fmt`; return a Rendered file."""
    if fmt not in FORMATS:
        raise ReportError(f"Format « {fmt} » inconnu : pdf, xlsx ou csv.")
    if kind == "consolidated":
        report, context = consolidated_context(as_of, progress)
        stem, template = f"evaluation-consolidee-{as_of:%Y-%m-%d}", "reports/pdf/consolidated.html"
    elif kind == "innovation":
        innovation = Innovation.objects.select_related("porteur").filter(code=code).first()
        if innovation is None:
            raise ReportError(f"Innovation « {code} » inconnue.")
        report, context = innovation_context(innovation, as_of, progress)
        stem, template = f"rapport-{innovation.code.lower()}-{as_of:%Y-%m-%d}", "reports/pdf/innovation.html"
    elif kind == "published" and fmt != "pdf":
        progress(0.1, "Chiffres publiés recalculés")
        day = timezone.localdate()
        table = tables.published_table(published.comparisons())
        report = Report("Chiffres publiés et chiffres calculés", day, [table], notes=LEGEND)
        context, stem, template = {}, "chiffres-publies", None
    else:
        raise ReportError(f"Rapport « {kind} » inconnu en {fmt} : consolidated, innovation, ou published (xlsx, csv).")
    progress(0.6, "Écriture du fichier")
    if fmt == "xlsx":
        content = to_xlsx(report)
    elif fmt == "csv":
        if kind == "consolidated":
            content = "".join(exports.consolidated_csv_lines(context["table"])).encode()
        else:
            content = to_csv(report.tables[0]).encode()
    else:
        orientation = "landscape" if kind == "consolidated" else "portrait"
        context.update(report=report, produced=timezone.localdate(), orientation=orientation)
        content = pdf_bytes(template, context)
    progress(1.0, "Terminé")
    return Rendered(f"{stem}.{fmt}", FORMATS[fmt], content)


def comparison(day, other, progress=no_progress):
    """The consolidated figures at two dates side by side, as XLSX."""
    before, after = sorted([day, other])
    progress(0.1, "Consolidation aux deux dates")
    changes = compare(consolidate(before), consolidate(after))
    progress(0.6, "Écriture du fichier")
    report = Report(
        title=f"Évolution des résultats du {before:%d/%m/%Y} au {after:%d/%m/%Y}",
        as_of=after,
        tables=[tables.comparison_table(changes, before, after)],
        notes=LEGEND,
        sources=tables.sources_used(after),
    )
    name = f"evolution-{before:%Y-%m-%d}-{after:%Y-%m-%d}.xlsx"
    return Rendered(name, FORMATS["xlsx"], to_xlsx(report))


def render_job(job, progress):
    """The work of a background export (jobs/runner.py): the report the job names."""
    if job.kind == "comparison":
        return comparison(job.as_of, date.fromisoformat(job.params["other"]), progress)
    return render(job.kind, job.as_of, job.format, code=job.code or None, progress=progress)
