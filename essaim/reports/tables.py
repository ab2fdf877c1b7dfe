"""The reports' tables, built from the engine's figures and the records (the table types and the
legend are presentation/tables.py)."""

from essaim.evaluation.models import Value
from essaim.presentation.tables import ReportTable
from essaim.sources.models import Source


def coverage(cell):
    if cell.expected:
        return f"{cell.reported}/{cell.expected}"
    return ""


def consolidated_tables(table):
    """The Annexe I layout (figures), then the coverage of each cell and where it comes from."""
    indicators = table.indicators
    figures = [[row.innovation.name, *(row.cells[i.code] for i in indicators)] for row in table.rows]
    figures.append(["Total", *(table.total[i.code] for i in indicators)])
    covered = [
        [row.innovation.name, *(coverage(row.cells[i.code]) for i in indicators if not i.is_derived)]
        for row in table.rows
    ]
    covered.append(["Total", *(coverage(table.total[i.code]) for i in indicators if not i.is_derived)])
    origin = {"innovation": "innovation", "structures": "structures"}
    sources = [
        [row.innovation.name, *(origin.get(row.cells[i.code].source, "") for i in indicators if not i.is_derived)]
        for row in table.rows
    ]
    base = [i.label for i in indicators if not i.is_derived]
    return [
        ReportTable(
            "Résultats",
            f"Résultats par innovation au {table.as_of:%d/%m/%Y}",
            ["Innovation", *(i.label for i in indicators)],
            figures,
        ),
        ReportTable("Couverture", "Couverture de chaque chiffre", ["Innovation", *base], covered),
        ReportTable(
            "Origine",
            "Origine de chaque chiffre (valeur pour l'innovation, ou somme des structures)",
            ["Innovation", *base],
            sources,
        ),
    ]


def comparison_table(changes, before, after):
    header = ["Innovation"]
    indicators = [indicator for indicator, _ in changes[0]["changes"]] if changes else []
    for indicator in indicators:
        header += [f"{indicator.label} au {before:%d/%m/%Y}", f"{indicator.label} au {after:%d/%m/%Y}", "écart"]
    rows = []
    for row in changes:
        line = [row["innovation"].name if row["innovation"] else "Total"]
        for _, change in row["changes"]:
            line += [change.before, change.after, change.difference]
        rows.append(line)
    return ReportTable("Évolution", f"Évolution du {before:%d/%m/%Y} au {after:%d/%m/%Y}", header, rows)


def publics_table(innovations):
    """Seed 003, part 2, section 2: specific public or not, territory, per innovation."""
    rows = [
        [
            innovation.name,
            innovation.target_public if innovation.specific_public else "Non",
            innovation.get_territory_type_display() or "—",
        ]
        for innovation in innovations
    ]
    return ReportTable(
        "Publics", "Publics et territoires", ["Innovation", "Public spécifique", "Territoire d'intervention"], rows
    )


def key_figures_table(figures, as_of):
    return ReportTable(
        "Chiffres clés",
        f"Chiffres clés au {as_of:%d/%m/%Y}",
        ["Chiffre", "Valeur"],
        [[figure.label, figure.cell] for figure in figures],
    )


def sources_used(as_of, innovation_ids=None):
    """The documents cited by the values the report could use (period end ≤ as_of)."""
    values = Value.objects.filter(period_end__lte=as_of, source__isnull=False)
    if innovation_ids is not None:
        values = values.filter(innovation_id__in=innovation_ids)
    return list(Source.objects.filter(pk__in=values.values("source_id").distinct()).order_by("document", "key"))


def published_table(comparisons):
    """The published figures beside the computed ones (published.comparisons())."""
    rows = [
        [
            c.figure.label,
            c.figure.innovation.code if c.figure.innovation else "",
            c.figure.value,
            str(c.figure.source),
            c.figure.as_of,
            c.computed,
            c.measure_label,
            c.verdict_label,
        ]
        for c in comparisons
    ]
    header = [
        "Chiffre publié",
        "Innovation",
        "Publié",
        "Source publiée",
        "Date décrite",
        "Calculé",
        "Chiffre calculé correspondant",
        "Verdict",
    ]
    return ReportTable("Chiffres publiés", "Chiffres publiés et chiffres calculés", header, rows)
