"""Import a bundle directory: every file present is checked, then all are written or none."""

from pathlib import Path

from django.db import transaction

from essaim.bundle import programme as bundle_programme
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
from essaim.imports.run import Result, run_import
from essaim.programmes import scope
from essaim.programmes.models import ensure_programme

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


def import_bundle(directory, *, dry_run=False, user=None, programme=None):
    """Check every bundle file present in `directory`, then write them all in one transaction
    (nothing in a dry run, nothing if any error); return an imports.run.Result.

    The bundle goes into `programme`, else the current one (a page's), else the one its
    programme.csv declares (created if missing), else the installation's only programme (a default
    one on an installation without any). ensure_programme's ProgrammeRequired when several exist and
    none is named."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BundleNotFound(f"Dossier introuvable : {directory}")
    present = [(name, cls) for name, cls in IMPORTS if (directory / name).is_file()]
    if not present:
        raise BundleNotFound(f"Aucun fichier du paquet dans {directory} (attendus : {', '.join(FILES)}).")
    if programme is None:
        programme = scope.current()
    if programme is not None:
        with scope.activate(programme):
            return _import(directory, present, dry_run, user)
    try:
        declared = bundle_programme.declared(directory)
    except TableError as error:
        return Result(error.errors, None)
    result = None
    with transaction.atomic():  # a programme created for a dry run or a refused bundle is undone
        programme = ensure_programme(declared.code, declared.name) if declared else ensure_programme()
        with scope.activate(programme):
            result = _import(directory, present, dry_run, user)
        if result.dry_run or result.errors:
            transaction.set_rollback(True)
    result.programme = programme
    return result


def _import(directory, present, dry_run, user):
    lookups = Lookups(user)
    errors, imports = [], []
    for name, cls in present:
        try:
            table = read_csv(directory / name)
        except TableError as error:
            errors.extend(error.errors)
            continue
        imports.append(cls(table, lookups))
    result = run_import(imports, dry_run=dry_run, errors=errors)
    result.programme = scope.current()
    return result
