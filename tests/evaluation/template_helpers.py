"""Shared by the figures-template tests: download, fill and upload a template."""

import datetime
import io

import openpyxl
from django.urls import reverse

from essaim.evaluation.figure_template import HEADER
from essaim.evaluation.models import Value

PERIOD = datetime.date(2019, 3, 31)
VALUE, COMMENT = HEADER.index("value") + 1, HEADER.index("comment") + 1


def template_url(code="ALPHA", period=PERIOD, **query):
    url = reverse("evaluation:figures_template", args=[code]) + f"?periode={period.isoformat()}"
    return url + "".join(f"&{k}={v}" for k, v in query.items())


def upload_url(code="ALPHA", period=PERIOD):
    return reverse("evaluation:figures_upload", args=[code]) + f"?periode={period.isoformat()}"


def download(client, code="ALPHA", period=PERIOD):
    response = client.get(template_url(code, period))
    assert response.status_code == 200, response.content[:500]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def data_rows(workbook):
    """{(structure code or "", indicator code): row number} of the « Chiffres » sheet."""
    sheet = workbook["Chiffres"]
    return {(row[1].value or "", row[3].value): row[0].row for row in sheet.iter_rows(min_row=2)}


def fill(workbook, figures):
    """figures: {(structure code or "", indicator code): value or (value, comment)}."""
    sheet, rows = workbook["Chiffres"], data_rows(workbook)
    for key, figure in figures.items():
        value, comment = figure if isinstance(figure, tuple) else (figure, None)
        sheet.cell(row=rows[key], column=VALUE).value = value  # cell(value=None) would not clear it
        if comment is not None:
            cell = sheet.cell(row=rows[key], column=COMMENT, value=comment)
            cell.data_type = "s"  # text, even when it starts with "=" (typed with a leading ' in Excel)
    return workbook


def saved(workbook, path):
    workbook.save(path)
    return path


def xlsx_bytes(workbook):
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def key(structure):
    structure.refresh_from_db()
    return structure.key


def stored(innovation, period=PERIOD):
    """{(structure key or "", indicator code): display} of the stored values."""
    values = Value.objects.filter(innovation=innovation, period_end=period).select_related("structure", "indicator")
    return {(v.structure.key if v.structure else "", v.indicator.code): v.display for v in values}
