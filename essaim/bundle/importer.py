"""Import a bundle directory: every file present is checked, then all are written or none."""

from pathlib import Path

from essaim.bundle.activities import ActivitiesImport
from essaim.bundle.adoptions import AdoptionsImport
from essaim.bundle.attendance import AttendanceImport
from essaim.bundle.events import EventsImport
from essaim.bundle.grids import GridsImport
from essaim.bundle.indicators import IndicatorsImport
from essaim.bundle.innovations import InnovationsImport
from essaim.bundle.structures import StructuresImport
from essaim.evaluation.import_lookups import Lookups
from essaim.evaluation.staged_values import StagedValuesImport
from essaim.grids.observations_csv import ObservationsImport
from essaim.imports.errors import TableError
from essaim.imports.readers import read_csv
from essaim.imports.run import run_import

# In dependency order: a file may refer to records the files before it declare.
IMPORTS = [
    ("structures.csv", StructuresImport),
    ("innovations.csv", InnovationsImport),
    ("indicators.csv", IndicatorsImport),
    ("adoptions.csv", AdoptionsImport),
    ("values.csv", StagedValuesImport),
    ("grids.csv", GridsImport),
    ("observations.csv", ObservationsImport),
    ("activities.csv", ActivitiesImport),
    ("attendance.csv", AttendanceImport),
    ("events.csv", EventsImport),
]
FILES = [name for name, _ in IMPORTS]


class BundleNotFound(Exception):
    pass


def import_bundle(directory, *, dry_run=False, user=None):
    """Check every bundle file present in `directory`, then write them all in one transaction
    (nothing in a dry run, nothing if any error); return an imports.run.Result."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BundleNotFound(f"Dossier introuvable : {directory}")
    present = [(name, cls) for name, cls in IMPORTS if (directory / name).is_file()]
    if not present:
        raise BundleNotFound(f"Aucun fichier du paquet dans {directory} (attendus : {', '.join(FILES)}).")
    lookups = Lookups(user)
    errors, imports = [], []
    for name, cls in present:
        try:
            table = read_csv(directory / name)
        except TableError as error:
            errors.extend(error.errors)
            continue
        imports.append(cls(table, lookups))
    return run_import(imports, dry_run=dry_run, errors=errors)
