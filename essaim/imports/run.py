"""Running an import: validate every file, then write everything in one transaction, or nothing.

An import is a list of `FileImport`s, one per file, in dependency order (a file may refer to
records an earlier one declares). `run_import` reads and checks them all, collecting every
error; if there is any, or in a dry run, nothing is written. Otherwise every file is written in
one `transaction.atomic()`; an error found while writing (a history entry refused by its model)
is reported like the others and rolls the whole run back.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from essaim.imports.errors import ErrorList, RowError
from essaim.imports.plan import Plan
from essaim.imports.rows import name_columns, read_rows

logger = logging.getLogger(__name__)
WRITTEN_MEANWHILE = (
    "écriture refusée par la base, rien n'a été importé : certaines lignes ont été enregistrées au même "
    "moment par un autre envoi ou une autre saisie. Déposez le fichier à nouveau pour voir ce qu'il reste à changer."
)


class FileImport:
    """One file of an import. Subclasses set `spec` (a FileSpec) and implement `check(rows,
    errors, plan)` (validate and plan, no write) and `write(errors)` (save what check planned).
    Setting `spec` names the table's columns as the spec does (`rows.name_columns`): from then
    on, a column is read by its name whatever header the file gives it.

    `check_file` is how the run checks the file: row by row through `check` by default; the
    staged strategy (`staging.StagedImport`) checks it in SQL instead. `close` releases what
    checking kept, once the run is over."""

    def __init__(self, table):
        self.table = table
        self._spec = None

    @property
    def spec(self):
        return self._spec

    @spec.setter
    def spec(self, spec):
        self._spec = spec
        name_columns(self.table, spec)

    @property
    def file(self):
        return self.spec.name

    def check_file(self, errors, plan):
        self.check(read_rows(self.table, self.spec, errors), errors, plan)

    def check(self, rows, errors, plan):
        raise NotImplementedError

    def write(self, errors):
        raise NotImplementedError

    def close(self):
        pass


@dataclass
class Result:
    errors: list[RowError]
    plan: Plan
    encodings: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    programme: object = None  # the programme a bundle went into (bundle/importer.py)

    @property
    def ok(self):
        return not self.errors


def run_import(imports, *, dry_run=False, errors=(), plan=None):
    """Check every FileImport, then write them all or nothing; return a Result.

    `errors` holds errors found before (files that could not be opened): they stop the write
    too, but every other file is still checked so that the report is complete."""
    errors = ErrorList(errors)
    plan = plan or Plan()
    encodings = {item.file: item.table.encoding for item in imports}
    try:
        for item in imports:
            item.check_file(errors, plan)
        if errors or dry_run:
            return Result(errors, plan, encodings, dry_run=dry_run, written=False)
        try:
            with transaction.atomic():
                for item in imports:
                    item.write(errors)
                if errors:
                    transaction.set_rollback(True)
        except IntegrityError:
            # Rows written meanwhile by another import or page (the check saw them absent): the
            # database's own text, in English with its internal names, goes to the log only.
            logger.warning("Import refused by a unique constraint", exc_info=True)
            errors.add(", ".join(encodings), None, None, WRITTEN_MEANWHILE)
        return Result(errors, plan, encodings, dry_run=False, written=not errors)
    finally:
        for item in imports:
            item.close()
