"""The charts and maps of the reports, built from the same figures as their tables.

Pages and PDFs include the same objects (`reports/_chart.html` in pages; the SVG in PDFs).
"""

from essaim.evaluation import measures
from essaim.evaluation.enums import Aggregation
from essaim.presentation.charts.bars import Bar, BarChart, Series, StackedBarChart
from essaim.presentation.charts.formats import value_of
from essaim.presentation.charts.france_map import FranceMap
from essaim.presentation.charts.lines import LineChart, TimeSeries
from essaim.swarming.enums import AdoptionStatus

# The status colours of the pages (essaim.css .seg-*), so that charts and status bars agree.
STATUS_COLOURS = {
    AdoptionStatus.CANDIDATE: "#aab3c2",
    AdoptionStatus.SELECTED: "#6c8fbf",
    AdoptionStatus.TRAINED: "#2f6db5",
    AdoptionStatus.CONSIDERING: "#2a8c9c",
    AdoptionStatus.IMPLEMENTING: "#2e7d4f",
    AdoptionStatus.ADAPTED: "#6f9a2e",
    AdoptionStatus.PAUSED: "#e0a23a",
    AdoptionStatus.ABANDONED: "#b3261e",
}
OVER_TIME = ["people_reached", "professionals_involved", "companies_involved", "returns_to_employment"]


def people_chart(table):
    bars = [Bar.from_cell(row.innovation.name, row.cells["people_reached"]) for row in table.rows]
    return BarChart(
        f"Personnes concernées par innovation au {table.as_of:%d/%m/%Y}",
        bars,
        label_header="Innovation",
        value_header="Personnes concernées",
    )


def status_chart(innovations, counts, as_of):
    series = [
        Series(status.label, [counts.get(i.pk, {}).get(status, 0) for i in innovations], STATUS_COLOURS[status])
        for status in AdoptionStatus
    ]
    return StackedBarChart(
        f"Essaimages enregistrés par statut au {as_of:%d/%m/%Y}",
        [i.name for i in innovations],
        series,
        category_header="Innovation",
    )


def structures_map(as_of, innovation=None):
    values = measures.structures_by_departement(as_of, innovation)
    whose = f" — {innovation.name}" if innovation else ""
    return FranceMap(
        f"{measures.COUNTS['structures_followed']} par département au {as_of:%d/%m/%Y}{whose}",
        values,
        value_header=measures.COUNTS["structures_followed"],
        legend_title=measures.COUNTS["structures_followed"],
    )


def consolidated_charts(table):
    innovations = [row.innovation for row in table.rows]
    counts = measures.statuses_on(table.as_of)
    return [people_chart(table), status_chart(innovations, counts, table.as_of), structures_map(table.as_of)]


def innovation_charts(report):
    by_code = {i.code: i for i in report.indicators}
    lines = [
        TimeSeries(
            by_code[code].label,
            [(day, value_of(cells[code]) if code in cells else None) for day, cells in report.series],
        )
        for code in OVER_TIME
        if code in by_code
    ]
    lines = [line for line in lines if any(isinstance(v, int | float) for _, v in line.points)]
    charts = []
    if lines and len(report.series) > 1:
        stock = all(by_code[c].aggregation == Aggregation.LAST for c in OVER_TIME if c in by_code)
        charts.append(LineChart(f"{report.innovation.name} : chiffres dans le temps", lines, step=stock))
    counts = {report.innovation.pk: {s["code"]: s["count"] for s in report.by_status}}
    charts.append(status_chart([report.innovation], counts, report.as_of))
    charts.append(structures_map(report.as_of, report.innovation))
    return charts
