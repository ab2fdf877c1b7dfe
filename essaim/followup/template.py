"""The empty workbook (or CSV files) a structure fills to send people and situations.

The workbook has the sheets « personnes » and « situations » (the import reads them by name), a
sheet « codes » listing every code allowed, and « mode d'emploi ». It holds nobody: Essaim does not
know the structures' references, so there is nothing to pre-fill.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from essaim.followup.enums import AgeBand, Arm, DurationBand, Milestone, Sex, SubType, classify
from essaim.followup.import_specs import LABELS, PEOPLE, SITUATIONS
from essaim.imports.cells import neutralise
from essaim.imports.export import csv_line

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
COLUMNS = {
    PEOPLE: [
        ("reference", "Référence de la personne dans votre structure (jamais son nom ; format texte)"),
        ("innovation", "Code de l'innovation"),
        ("entered_on", "Date d'entrée dans l'innovation (AAAA-MM-JJ)"),
        ("sex", "F, H ou X (non renseigné)"),
        ("birth_year", f"Année de naissance (ou laisser vide et remplir « {LABELS['age_band']} »)"),
        ("age_band", "Tranche d'âge à l'entrée, si l'année de naissance n'est pas connue"),
        ("duration_band", "Ancienneté d'inscription comme demandeur d'emploi"),
        ("neet", "oui / non"),
        ("sheltered", "Hébergé : oui / non"),
        ("rqth", "oui / non"),
        ("qpv", "Résident d'un QPV : oui / non"),
        ("rsa", "Allocataire du RSA : oui / non"),
        ("group", "vide : accompagné par l'innovation ; « Groupe de comparaison » sinon"),
    ],
    SITUATIONS: [
        ("reference", "Référence de la personne (la même que dans « personnes »)"),
        ("innovation", "Code de l'innovation"),
        ("date", "Date de la situation (vide pour une échéance : calculée)"),
        ("milestone", "m6, m12, m18 (à 6, 12, 18 mois), entry (à l'entrée) ou other (feuille « codes »)"),
        ("subtype", "Code de la situation (feuille « codes »)"),
        ("contract_months", "Durée du contrat en mois, pour un CDD ou de l'intérim"),
    ],
}


def codes_rows(innovations):
    """(column's header, code, meaning): a code or its meaning may be written in the column."""
    rows = [(LABELS["innovation"], i.code, i.name) for i in innovations]
    for column, enum in (("sex", Sex), ("age_band", AgeBand), ("duration_band", DurationBand), ("group", Arm)):
        rows += [(LABELS[column], c.value, c.label) for c in enum]
    rows += [(LABELS["milestone"], c.value, c.label) for c in Milestone]
    for subtype in SubType:
        if subtype in (SubType.CDD, SubType.TEMP_WORK):
            category = "emploi durable si 6 mois ou plus, sinon emploi de transition"
        else:
            category = classify(subtype).label
        rows.append((LABELS["subtype"], subtype.value, f"{subtype.label} → {category}"))
    return rows


GUIDE = [
    "Suivi des personnes : fichier à déposer dans Essaim (page « Déposer un fichier » de votre structure).",
    "Une ligne de « personnes » par personne et par innovation ; une ligne de « situations » par situation datée.",
    f"La colonne « {LABELS['reference']} » contient VOTRE numéro de dossier, jamais un nom : Essaim le transforme "
    "en pseudonyme et ne le garde pas. Mettez cette colonne au format texte (les zéros en tête comptent).",
    "Une même référence désigne toujours la même personne dans votre structure.",
    "Une nouvelle personne reçoit la situation « en parcours » à son entrée, sauf si une situation est donnée "
    "ce jour-là.",
    "Échéances : m6, m12, m18 se datent d'elles-mêmes (6, 12, 18 mois après l'entrée) : laissez « date » vide.",
    "Dans les colonnes à codes, écrivez le code ou sa signification (feuille « codes ») : « F » ou « Femme ».",
    "Un CDD ou de l'intérim de 6 mois ou plus est un emploi durable, de moins de 6 mois un emploi de transition.",
    "Un retrait (faute grave, maladie longue, décès) sort la personne des taux et clôt son suivi.",
    "Le dépôt vérifie tout le fichier et montre ce qui changerait ; rien n'est enregistré avant votre confirmation, "
    "et tout ou rien l'est.",
]


def header_row(sheet, columns):
    sheet.append([LABELS[name] for name, _ in columns])
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"


def as_xlsx(structure, innovations):
    workbook = Workbook()
    people = workbook.active
    people.title = PEOPLE
    header_row(people, COLUMNS[PEOPLE])
    for index in range(2, 2000):  # the reference is text: leading zeros and long numbers survive
        people.cell(row=index, column=1).number_format = "@"
    situations = workbook.create_sheet(SITUATIONS)
    header_row(situations, COLUMNS[SITUATIONS])
    for index in range(2, 5000):
        situations.cell(row=index, column=1).number_format = "@"
    codes = workbook.create_sheet("codes")
    codes.append(["colonne", "code", "signification"])
    for row in codes_rows(innovations):
        codes.append([neutralise(v) for v in row])
    codes.column_dimensions["C"].width = 70
    guide = workbook.create_sheet("mode d'emploi")
    guide.append([neutralise(f"Structure : {structure.name}")])
    guide["A1"].font = Font(bold=True, size=13)
    for line in GUIDE:
        guide.append([line])
    guide.append([])
    for kind, columns in COLUMNS.items():
        guide.append([f"Feuille « {kind} »"])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for name, meaning in columns:
            guide.append([LABELS[name], meaning])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(kind):
    return csv_line([LABELS[name] for name, _ in COLUMNS[kind]])
