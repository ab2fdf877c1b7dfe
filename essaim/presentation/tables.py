"""Report tables: what a page shows, as plain header + rows, for every export.

A table's cells are numbers, text, dates, None, or figures (`core.figures.Cell`); the writers
(`presentation/exports.py`) decide how each is written (a Cell: its number, or « nc » / « ne »
as text, never 0). Each report is a list of tables plus notes (as-of date, legend, sources).
"""

from dataclasses import dataclass, field
from datetime import date

from essaim.core.figures import CellStatus

LEGEND = [
    "nc : non communiqué par les structures — ce n'est pas zéro, et un total qui l'ignore est partiel.",
    "ne : non évalué à ce stade (par exemple en phase 1 de l'évaluation).",
    "* : total partiel — certaines structures ou innovations n'ont pas donné de nombre.",
    "— : rien n'a été déclaré.",
    "Couverture « 7/9 » : structures ayant donné un nombre sur structures de la cellule (celles attendues à "
    "cette date, et toute autre qui a déclaré une valeur : ce qui a eu lieu reste compté) ; pour le total, "
    "innovations complètes sur innovations présentes.",
]


@dataclass
class ReportTable:
    key: str  # a short name in words, the sheet's: « Résultats », « Chiffres clés »
    title: str
    header: list
    rows: list
    notes: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    as_of: date
    tables: list
    notes: list = field(default_factory=list)
    sources: list = field(default_factory=list)


def cell_text(cell):
    """A Cell as a reader sees it in a text export: the number (with * when partial), nc, ne, —."""
    if cell.value is not None:
        mark = " *" if cell.status == CellStatus.PARTIAL else ""
        return f"{cell.value}{mark}"
    return str(cell.status) if cell.status in (CellStatus.NC, CellStatus.NE) else "—"
