"""programme.csv: the programme a bundle describes (code, name), one row. Optional: a bundle
without it is imported into the programme named by --programme, or the installation's only one."""

from dataclasses import dataclass
from pathlib import Path

from essaim.imports.errors import RowError, TableError
from essaim.imports.readers import read_csv
from essaim.programmes import scope

FILE = "programme.csv"
HEADER = ["code", "name"]


@dataclass(frozen=True)
class Declared:
    code: str
    name: str


def export_rows():
    programme = scope.current()
    return [[programme.code, programme.name]] if programme is not None else []


def declared(directory):
    """The programme the bundle in `directory` declares, or None; TableError if the file is
    there but does not say it (a French message naming the file, row and column)."""
    path = Path(directory) / FILE
    if not path.is_file():
        return None
    table = read_csv(path)
    missing = [column for column in HEADER if column not in table.columns]
    if missing:
        raise TableError([RowError(FILE, 1, missing[0], "colonne manquante (attendues : code, name).")])
    rows = [(number, record) for number, record in table.records]
    if not rows:  # a bundle exported outside any programme: the header alone
        return None
    if len(rows) != 1:
        message = f"une ligne est attendue (le programme du paquet), {len(rows)} trouvée(s)."
        raise TableError([RowError(FILE, None, None, message)])
    number, record = rows[0]
    code, name = record.get("code", "").strip(), record.get("name", "").strip()
    if not code:
        raise TableError([RowError(FILE, number, "code", "le code du programme est vide.")])
    return Declared(code, name or code)
