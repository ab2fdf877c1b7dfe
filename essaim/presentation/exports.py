"""Writing a Report to XLSX (one sheet per table, plus a notes sheet) or a table to CSV.

XLSX: numbers stay numbers (a partial total keeps its number and shows « * » through its number
format), nc and ne are text, nothing reported is « — »; text is neutralised against formula
injection as in every export of the project. CSV: the project's one CSV writer.
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from essaim.core.figures import Cell, CellStatus
from essaim.imports.cells import neutralise
from essaim.imports.export import csv_line
from essaim.presentation.tables import cell_text

PARTIAL_FORMAT = '#,##0" *";-#,##0" *"'
RATIO_PARTIAL_FORMAT = '#,##0.0" *"'
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_SHEET_NAME = 31


def xlsx_value(value):
    """(cell value, number format or None) for one table cell."""
    if isinstance(value, Cell):
        if value.value is not None:
            if value.status == CellStatus.PARTIAL:
                return value.value, RATIO_PARTIAL_FORMAT if isinstance(value.value, float) else PARTIAL_FORMAT
            return value.value, "0.0" if isinstance(value.value, float) else None
        return (str(value.status) if value.status in (CellStatus.NC, CellStatus.NE) else "—"), None
    if isinstance(value, date):
        return value, "dd/mm/yyyy"
    if value is None:
        return "", None
    return neutralise(value), None


def write_sheet(sheet, table):
    sheet.append([neutralise(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([neutralise(h) for h in table.header])
    for column in range(1, len(table.header) + 1):
        cell = sheet.cell(row=2, column=column)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(table.rows, start=3):  # counted here: sheet.max_row scans every cell
        values = [xlsx_value(v) for v in row]
        sheet.append([v for v, _ in values])
        for column, (_, number_format) in enumerate(values, start=1):
            if number_format:
                sheet.cell(row=number, column=column).number_format = number_format
    for note in table.notes:
        sheet.append([])
        sheet.append([neutralise(note)])
    sheet.column_dimensions["A"].width = 42
    for column in range(2, len(table.header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = "B3"


def to_xlsx(report):
    """The report as XLSX bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        write_sheet(workbook.create_sheet(table.key[:MAX_SHEET_NAME]), table)
    notes = workbook.create_sheet("notes")
    notes.append([neutralise(report.title)])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append(["Situation au", report.as_of])
    notes.cell(row=2, column=2).number_format = "dd/mm/yyyy"
    notes.append(["Produit par", "Essaim, à partir des valeurs enregistrées et du moteur de consolidation"])
    for note in report.notes:
        notes.append([neutralise(note)])
    if report.sources:
        notes.append([])
        notes.append(["Sources des valeurs"])
        notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
        for source in report.sources:
            notes.append([neutralise(source.document or ""), neutralise(str(source))])
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_value(value):
    if isinstance(value, Cell):
        return value.value if value.value is not None else cell_text(value)
    return value


def to_csv(table):
    """One table as CSV text: the header, then the rows; a partial Cell keeps its bare number
    (the status is in the XLSX and the pages)."""
    lines = [csv_line(table.header)]
    lines += [csv_line([csv_value(v) for v in row]) for row in table.rows]
    return "".join(lines)
