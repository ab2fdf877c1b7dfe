"""The figures template: for one innovation and one period end, a spreadsheet with one row per
expected structure × indicator, to fill in Excel or LibreOffice and upload back.

Its columns are those of the bundle's values.csv (plus two names for people to read), headed in
French (`values_csv.LABELS`: « valeur », « fin de période »…), so the values.csv import reads it
back unchanged (`figure_upload.py`); see docs/template.md.

Rows:
- every structure expected to report on the period end (`reports.consolidation.expected_units`,
  the same "n of m" as completeness and the consolidated table) × every base indicator reported
  per structure (`entry.entry_indicators`, the indicators of the data-entry grid);
- for the team and evaluators only, after them, rows for the innovation as a whole (structure
  empty): every base indicator that is only reported that way, and any other indicator that
  already holds a value for the innovation as a whole on that period end (so that the template
  shows it and the upload keeps it). An empty innovation-wide row for an indicator the
  structures report would invite a figure that silently supersedes their sum.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.entry import entry_indicators
from essaim.evaluation.enums import Level, ValueKind
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values_csv import LABELS
from essaim.imports.cells import neutralise
from essaim.imports.export import csv_line, sheet_row
from essaim.organizations.models import Structure

SHEET = "Chiffres"
GUIDE_SHEET = "Mode d'emploi"
HEADER = [
    "innovation",
    "structure",
    "structure_name",
    "indicator",
    "indicator_label",
    "period_start",
    "period_end",
    "value",
    "comment",
]
EDITABLE = ("value", "comment")
WHOLE_INNOVATION = "Innovation dans son ensemble"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
WIDTHS = {
    "innovation": 14,
    "structure": 26,
    "structure_name": 36,
    "indicator": 24,
    "indicator_label": 40,
    "period_start": 13,
    "period_end": 13,
    "value": 12,
    "comment": 50,
}
COLUMN_HELP = [
    ("innovation", "code de l'innovation"),
    ("structure", "code de la structure ; vide : l'innovation dans son ensemble"),
    ("structure_name", "nom de la structure, pour vous repérer (non lu au dépôt)"),
    ("indicator", "code de l'indicateur"),
    ("indicator_label", "libellé de l'indicateur, pour vous repérer (non lu au dépôt)"),
    ("period_start", "début de la période, s'il est connu (AAAA-MM-JJ)"),
    ("period_end", "fin de la période : la date à laquelle les chiffres sont arrêtés"),
    ("value", "À REMPLIR : nombre entier positif ou nul, ou nc, ou ne"),
    ("comment", "À REMPLIR si utile : précision sur le chiffre (source, mode de calcul, retard…)"),
]
VALUE_PROMPT = (
    "Nombre entier positif ou nul, ou nc (non communiqué), ou ne (non évalué). Jamais 0 pour un chiffre inconnu."
)
VALUE_ERROR = "Indiquez un nombre entier positif ou nul (sans décimale ni unité), ou nc, ou ne."


@dataclass
class TemplateRow:
    structure: Structure | None
    indicator: Indicator
    value: Value | None

    def cells(self, innovation, period_end):
        """The row's cells, in HEADER order: numbers stay numbers, nc and ne are text, dates are
        AAAA-MM-JJ text; an empty cell is None. Plain values: the writers (`csv_line`,
        `sheet_row`) neutralise formula-like text, once."""
        value, structure = self.value, self.structure
        figure = None
        if value is not None:
            figure = value.number if value.kind == ValueKind.NUMBER else value.kind
        return [
            cell(innovation.code),
            cell(structure.key if structure else None),
            cell(structure.name if structure else WHOLE_INNOVATION),
            cell(self.indicator.code),
            cell(self.indicator.label),
            cell(value.period_start if value else None),
            cell(period_end),
            cell(figure),
            cell(value.comment if value else None),
        ]


def cell(value):
    return None if value is None or value == "" else value


def headers():
    """The header row people see: each column's French header."""
    return [LABELS[name] for name in HEADER]


def template_rows(innovation, period_end, structure_ids=None, *, innovation_rows=True):
    """The template's rows: expected structures (only those of `structure_ids` when given) ×
    indicators reported per structure, then, with `innovation_rows`, the innovation-wide rows.

    The file names structures by their stable identifier (`Structure.key`)."""
    expected = expected_units(period_end).get(innovation.pk, set())
    if structure_ids is not None:
        expected &= set(structure_ids)
    structures = sorted(Structure.objects.filter(pk__in=expected), key=lambda s: (s.sort_name, s.pk))
    values = {
        (v.structure_id, v.indicator_id): v for v in Value.objects.filter(innovation=innovation, period_end=period_end)
    }
    indicators = entry_indicators()
    rows = [TemplateRow(s, i, values.get((s.pk, i.pk))) for s in structures for i in indicators]
    if innovation_rows:
        for indicator in Indicator.objects.base().filter(levels__in=[Level.INNOVATION, Level.BOTH]):
            value = values.get((None, indicator.pk))
            if indicator.levels == Level.INNOVATION or value is not None:
                rows.append(TemplateRow(None, indicator, value))
    return rows


def filename(innovation, period_end, extension):
    return f"chiffres-{innovation.code}-{period_end.isoformat()}.{extension}"


def as_csv(innovation, period_end, rows):
    """The template as CSV text (the framework's writer: UTF-8, comma, LF)."""
    return csv_line(headers()) + "".join(csv_line(row.cells(innovation, period_end)) for row in rows)


def as_xlsx(innovation, period_end, rows, upload_url=""):
    """The template as an Excel workbook (bytes): the « Chiffres » sheet, protected except its
    value and comment cells, and the « Mode d'emploi » sheet."""
    workbook = Workbook()
    workbook.properties.creator = "Essaim"
    workbook.properties.title = f"Chiffres {innovation.code} au {date_format(period_end, 'j F Y')}"
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(headers())
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    editable_fill, unlocked = PatternFill("solid", fgColor="FFF4C2"), Protection(locked=False)
    editable = [HEADER.index(name) for name in EDITABLE]
    for number, row in enumerate(rows, start=2):  # counted here: sheet.max_row scans every cell
        sheet.append(sheet_row(row.cells(innovation, period_end)))
        for index in editable:
            cell = sheet.cell(row=number, column=index + 1)
            cell.protection, cell.fill = unlocked, editable_fill
    for index, name in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    last = len(rows) + 1
    value_column = get_column_letter(HEADER.index("value") + 1)
    if rows:
        # One rule for Excel and LibreOffice alike (a list cannot also accept numbers): a custom
        # formula, relative to the first cell; IF keeps INT() away from text.
        first = f"{value_column}2"
        check = DataValidation(
            type="custom",
            formula1=(
                f"IF(ISNUMBER({first}),AND({first}>=0,{first}=INT({first})),"
                f'OR(LOWER(TRIM({first}))="nc",LOWER(TRIM({first}))="ne"))'
            ),
            allow_blank=True,
            showInputMessage=True,
            promptTitle="Valeur",
            prompt=VALUE_PROMPT,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Valeur refusée",
            error=VALUE_ERROR,
        )
        check.add(f"{value_column}2:{value_column}{last}")
        sheet.add_data_validation(check)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{last}"
    sheet.freeze_panes = "A2"
    # Protection guards against slips, not people: no password. Filtering and resizing columns
    # stay allowed (openpyxl's flags say what is protected).
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    write_guide(workbook.create_sheet(GUIDE_SHEET), guide_lines(innovation, period_end, len(rows), upload_url))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def guide_lines(innovation, period_end, n_rows, upload_url):
    """(style, text) lines of the « Mode d'emploi » sheet; style: title, heading, text."""
    produced = date_format(timezone.localdate(), "j F Y")
    lines = [
        (
            "title",
            f"Chiffres de « {innovation.name} » ({innovation.code}) arrêtés au {date_format(period_end, 'j F Y')}",
        ),
        ("text", f"Modèle produit par Essaim le {produced} : {n_rows} ligne{'s' if n_rows > 1 else ''} à remplir."),
        ("heading", "Ce qu'il faut remplir"),
        (
            "text",
            "Dans la feuille « Chiffres », une ligne par structure attendue à cette date et par indicateur. "
            f"Remplissez seulement les colonnes « {LABELS['value']} » et « {LABELS['comment']} », sur fond "
            "jaune ; les autres colonnes disent de quelle structure, de quel indicateur et de quelle période il "
            "s'agit : elles sont verrouillées.",
        ),
        ("heading", "Les valeurs acceptées"),
        ("text", "• un nombre entier positif ou nul : 0, 12, 1058 (sans décimale, sans unité, sans espace) ;"),
        ("text", "• nc : non communiqué — le chiffre existe mais n'a pas été transmis ;"),
        ("text", "• ne : non évalué — ce chiffre n'est pas évalué pour cette période."),
        (
            "text",
            "Jamais 0 pour un chiffre inconnu : 0 veut dire « aucun » et entre dans les totaux, alors que nc et ne "
            "n'y entrent pas et signalent un total partiel.",
        ),
        (
            "text",
            "Une ligne laissée vide (ni valeur ni commentaire) est ignorée. Une valeur déjà enregistrée n'est "
            "jamais effacée par un dépôt : si elle n'est plus connue, indiquez nc.",
        ),
        ("heading", "Déposer le fichier"),
        (
            "text",
            "Enregistrez le classeur au format Excel (.xlsx), sans ajouter, renommer ni déplacer de colonnes, puis "
            "déposez-le dans Essaim, page de l'innovation, « Déposer un fichier rempli ».",
        ),
        (
            "text",
            "Essaim vérifie d'abord tout le fichier et montre ce qui changerait (valeurs nouvelles, modifiées, "
            "inchangées) ou les erreurs, ligne par ligne. Rien n'est enregistré avant votre confirmation, et un "
            "fichier qui contient une seule erreur n'enregistre rien.",
        ),
        (
            "text",
            "Les valeurs nouvelles ou modifiées sont enregistrées à l'état « saisie » : un évaluateur les validera. "
            "Un membre d'une structure ne dépose que les lignes de sa propre structure.",
        ),
    ]
    if upload_url:
        lines.append(("text", f"Adresse du dépôt : {upload_url}"))
    lines.append(("heading", "Les colonnes de la feuille « Chiffres »"))
    lines += [("text", f"{LABELS[name]} : {meaning}") for name, meaning in COLUMN_HELP]
    return lines


def write_guide(sheet, lines):
    sheet.column_dimensions["A"].width = 110
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True, size=12, color="1F3A5F"), "text": Font()}
    wrap = Alignment(wrap_text=True, vertical="top")
    number = 0
    for style, text in lines:
        if style == "heading":
            number += 1  # a blank line before each heading
        number += 1
        cell = sheet.cell(row=number, column=1, value=neutralise(text))
        cell.font, cell.alignment = fonts[style], wrap
