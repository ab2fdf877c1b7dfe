"""The consolidated table in long form, for `manage.py consolidated_table --format csv` and the
page's CSV download (the XLSX and CSV writers are presentation/exports.py)."""

from essaim.core.figures import CellStatus
from essaim.imports.export import csv_line

CONSOLIDATED_CSV_HEADER = [
    "date",
    "innovation",
    "indicateur",
    "libellé de l'indicateur",
    "valeur",
    "statut",
    "unités déclarées",
    "unités attendues",
    "origine",
]


def printed_value(cell):
    """A number as a number; nc and ne as such, never 0; nothing when nothing was reported."""
    if cell.value is not None:
        return cell.value
    return str(cell.status) if cell.status in (CellStatus.NC, CellStatus.NE) else ""


def consolidated_csv_lines(table):
    """The consolidated table in long form, one line per cell with its status and coverage:
    `manage.py consolidated_table --format csv` and the page's CSV download. Headers and
    statuses in French; innovations and indicators by their code, the indicator's label beside it."""
    yield csv_line(CONSOLIDATED_CSV_HEADER)
    for row in table.rows:
        for indicator in table.indicators:
            cell = row.cells[indicator.code]
            yield csv_line(
                [
                    table.as_of,
                    row.innovation.code,
                    indicator.code,
                    indicator.label,
                    printed_value(cell),
                    CellStatus(cell.status).label,
                    cell.reported,
                    cell.expected,
                    cell.source or "",
                ]
            )
    for indicator in table.indicators:
        cell = table.total[indicator.code]
        yield csv_line(
            [
                table.as_of,
                "TOTAL",
                indicator.code,
                indicator.label,
                printed_value(cell),
                CellStatus(cell.status).label,
                cell.reported,
                cell.expected,
                "",
            ]
        )
