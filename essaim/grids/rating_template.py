"""The ratings template: for one innovation's grid and one phase, a spreadsheet with one row per
structure × item, to fill in Excel or LibreOffice and upload back (`rating_upload.py`).

Its columns are those of the bundle's observations.csv plus two names for people to read, so
that the observations.csv import reads it back unchanged. Rows: the structures of the phase
(rated in it, or expected to report on its date: `scoring.phase_adoptions`), only the user's own
for a structure member, × the grid's items in order; ratings already stored are pre-filled.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from essaim.evaluation.figure_template import write_guide
from essaim.grids import scoring
from essaim.grids.models import Observation
from essaim.grids.observations_csv import LABELS
from essaim.imports.cells import neutralise
from essaim.imports.export import csv_line, sheet_row

SHEET = "Notes"
LEVELS_SHEET = "Niveaux"
GUIDE_SHEET = "Mode d'emploi"
HEADER = ["innovation", "structure", "structure_name", "phase", "item", "item_label", "level", "comment"]
EDITABLE = ("level", "comment")
WIDTHS = {
    "innovation": 14,
    "structure": 24,
    "structure_name": 34,
    "phase": 8,
    "item": 26,
    "item_label": 48,
    "level": 18,
    "comment": 50,
}
COLUMN_HELP = [
    ("innovation", "code de l'innovation"),
    ("structure", "code de la structure"),
    ("structure_name", "nom de la structure, pour vous repérer (non lu au dépôt)"),
    ("phase", "phase de l'évaluation : 1, 2 ou 3"),
    ("item", "identifiant de l'élément de la grille"),
    ("item_label", "libellé de l'élément, pour vous repérer (non lu au dépôt)"),
    ("level", "À REMPLIR : un niveau de l'échelle (liste déroulante)"),
    ("comment", "À REMPLIR si utile : ce qui justifie la note, ce qui a été observé"),
]


@dataclass
class TemplateRow:
    adoption: object
    item: object
    observation: object = None

    def cells(self, phase):
        structure, observation = self.adoption.structure, self.observation
        return [
            cell(self.adoption.innovation.code),
            cell(structure.key),
            cell(structure.name),
            phase,
            cell(self.item.key),
            cell(self.item.label),
            cell(observation.level.label if observation else None),
            cell(observation.comment if observation else None),
        ]


def cell(value):
    """A plain value, None when empty: the writers (`csv_line`, `sheet_row`) neutralise it, once."""
    return None if value is None or value == "" else value


def template_rows(grid, phase, structure_ids=None):
    """Rows for the structures of the phase (only `structure_ids` when given) × items."""
    adoptions = scoring.phase_adoptions(grid, phase, scoring.phase_day(grid.innovation_id, phase))
    if structure_ids is not None:
        adoptions = [a for a in adoptions if a.structure_id in structure_ids]
    for adoption in adoptions:
        adoption.innovation = grid.innovation
    found = {
        (o.adoption_id, o.item_id): o
        for o in Observation.objects.filter(item__grid=grid, phase=phase, adoption__in=adoptions).select_related(
            "level"
        )
    }
    items = list(grid.items.all())
    return [TemplateRow(a, i, found.get((a.pk, i.pk))) for a in adoptions for i in items]


def headers():
    """The header row people see: each column's French header."""
    return [LABELS[name] for name in HEADER]


def filename(grid, phase, extension):
    return f"notes-{grid.innovation.code}-phase-{phase}.{extension}"


def as_csv(phase, rows):
    return csv_line(headers()) + "".join(csv_line(row.cells(phase)) for row in rows)


def as_xlsx(grid, phase, rows, upload_url=""):
    """The template as an Excel workbook (bytes): « Notes » (protected except level and
    comment, the level chosen from a list), « Niveaux » (the scale) and « Mode d'emploi »."""
    workbook = Workbook()
    workbook.properties.creator = "Essaim"
    workbook.properties.title = f"Notes {grid.innovation.code}, phase {phase}"
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(headers())
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    for header in sheet[1]:
        header.font, header.fill = header_font, header_fill
    editable_fill, unlocked = PatternFill("solid", fgColor="FFF4C2"), Protection(locked=False)
    editable = [HEADER.index(name) for name in EDITABLE]
    for row in rows:
        sheet.append(sheet_row(row.cells(phase)))
        cells = sheet[sheet.max_row]
        for index in editable:
            cells[index].protection, cells[index].fill = unlocked, editable_fill
    for index, name in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    levels = grid.scale.levels_in_order()
    level_sheet = workbook.create_sheet(LEVELS_SHEET)
    level_sheet.append(["niveau", "légende", "score"])
    for level in levels:
        level_sheet.append([neutralise(level.label), neutralise(level.shown_legend), level.score])
    level_sheet.column_dimensions["A"].width = 22
    level_sheet.column_dimensions["B"].width = 36
    level_sheet.protection.sheet = True
    last = len(rows) + 1
    if rows:
        column = get_column_letter(HEADER.index("level") + 1)
        check = DataValidation(
            type="list",
            formula1=f"'{LEVELS_SHEET}'!$A$2:$A${len(levels) + 1}",
            allow_blank=True,
            showInputMessage=True,
            promptTitle="Niveau",
            prompt="Choisissez un niveau de l'échelle ; « non renseigné » si le niveau n'est pas connu.",
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Niveau refusé",
            error="Choisissez un niveau dans la liste (feuille « Niveaux »).",
        )
        check.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(check)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{last}"
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    write_guide(workbook.create_sheet(GUIDE_SHEET), guide_lines(grid, phase, len(rows), levels, upload_url))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def guide_lines(grid, phase, n_rows, levels, upload_url):
    innovation = grid.innovation
    produced = date_format(timezone.localdate(), "j F Y")
    lines = [
        ("title", f"Grille « {grid} » — {innovation.name} ({innovation.code}), phase {phase}"),
        ("text", f"Modèle produit par Essaim le {produced} : {n_rows} ligne{'s' if n_rows > 1 else ''} à remplir."),
        ("heading", "Ce qu'il faut remplir"),
        (
            "text",
            "Dans la feuille « Notes », une ligne par structure et par élément de la grille. Remplissez seulement "
            f"les colonnes « {LABELS['level']} » (choisi dans la liste) et « {LABELS['comment']} » (ce qui justifie "
            "la note), sur fond jaune ; les autres colonnes sont verrouillées.",
        ),
        ("heading", f"L'échelle « {grid.scale.name} »"),
        *[
            ("text", f"• {level.shown_legend}" + (f" (score {level.score})" if level.score is not None else ""))
            for level in levels
        ],
        (
            "text",
            "« non renseigné » dit que le niveau n'est pas connu : il n'entre ni dans le score de la structure, ni "
            "dans les parts par niveau, et ne compte jamais comme le niveau le plus bas.",
        ),
        (
            "text",
            "Une ligne laissée vide (ni niveau ni commentaire) est ignorée. Une note déjà enregistrée n'est jamais "
            "effacée par un dépôt : si le niveau n'est plus connu, choisissez « non renseigné ».",
        ),
        ("heading", "Déposer le fichier"),
        (
            "text",
            "Enregistrez le classeur au format Excel (.xlsx), sans ajouter, renommer ni déplacer de colonnes, puis "
            "déposez-le dans Essaim, page de la grille, « Par tableur ». Essaim vérifie d'abord tout le fichier et "
            "montre ce qui changerait ou les erreurs, ligne par ligne ; rien n'est enregistré avant votre "
            "confirmation, et un fichier qui contient une seule erreur n'enregistre rien.",
        ),
    ]
    if upload_url:
        lines.append(("text", f"Adresse du dépôt : {upload_url}"))
    lines.append(("heading", "Les colonnes de la feuille « Notes »"))
    lines += [("text", f"{LABELS[name]} : {meaning}") for name, meaning in COLUMN_HELP]
    return lines
