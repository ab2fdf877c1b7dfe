"""Uploading a filled figures template (.xlsx or .csv) for one innovation.

The file goes through the import framework exactly as the bundle's values.csv does (same
FileSpec, same checks, same errors, one transaction or nothing, state reset to « saisie »), with
three additions for a file sent from an innovation's page by a person:

- every row must be about that innovation;
- a structure member may only send rows of its own structure(s), never rows for the innovation
  as a whole; any other row is an error on that row, whether the code exists or not;
- a row whose value and comment are both empty is skipped (the template lists every expected
  row, and most stay empty); but emptying a value already stored is an error, as on the data
  entry grid: an upload never deletes, « nc » says that a figure is not known.

Between the dry run and the confirmation the file waits in a private temporary directory under
a random name, known only to the session that uploaded it (`store`, `pending`).
"""

import secrets
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from essaim.evaluation.figure_template import SHEET, WHOLE_INNOVATION
from essaim.evaluation.import_lookups import Lookups
from essaim.evaluation.perms import figure_structure_ids
from essaim.evaluation.validation import check_values
from essaim.evaluation.values import display
from essaim.evaluation.values_csv import ValuesImport
from essaim.imports import parsers
from essaim.imports.errors import ErrorList, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import READERS, open_table
from essaim.imports.run import Result, run_import
from essaim.imports.spec import MISSING

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = tuple(sorted(READERS))  # .csv, .xlsx
KEEP_SECONDS = 24 * 3600
SESSION_KEY = "figure_uploads"
KEPT_PER_SESSION = 5

# The fields a change names (values.csv's import compares model fields), as people call them.
FIELD_LABELS = {
    "kind": "valeur",
    "number": "valeur",
    "comment": "commentaire",
    "period_start": "début de période",
    "source_id": "source",
    "source_detail": "source",
}
WHOLE_INNOVATION_REFUSED = (
    "les chiffres de l'innovation dans son ensemble (colonne « structure » vide) sont déclarés par l'équipe "
    "du programme ou les évaluateurs : indiquez le code de votre structure."
)
STORED_NOT_ERASED = (
    "une valeur est déjà enregistrée ({}) : une case vide ne l'efface pas ; indiquez « nc » si elle n'est "
    "pas communiquée, ou remettez-la."
)


def only_innovation(innovation):
    """The `innovation` column of a file sent from this innovation's page."""

    def parse(raw):
        if raw == innovation.code:
            return innovation
        if not raw:
            raise ValidationError(MISSING)
        raise ValidationError(
            f"ce fichier est déposé pour l'innovation « {innovation.code} » : cette ligne concerne « {raw} »."
        )

    return parse


def only_structures(structures):
    """The `structure` column for a structure member: its own structures (code → record)."""
    names = ", ".join(sorted(s.name for s in structures.values())) or "aucune"

    def parse(raw):
        try:
            return structures[raw]
        except KeyError:
            raise ValidationError(
                f"vous ne pouvez déposer que les chiffres de votre structure ({names}) : « {raw} » n'en est pas une."
            ) from None

    return parse


class FiguresImport(ValuesImport):
    """values.csv's import, limited to one innovation and to the structures `structure_ids`
    (None: all), skipping the rows left empty."""

    def __init__(self, table, lookups, innovation, structure_ids):
        super().__init__(table, lookups)
        innovation = lookups.innovations.get(innovation.code, innovation)
        self.innovation, self.structure_ids = innovation, structure_ids
        parse = {"innovation": only_innovation(innovation)}
        if structure_ids is not None:
            own = {s.key: s for s in lookups.structures.values() if s.pk in structure_ids}
            parse["structure"] = only_structures(own)
        columns = tuple(replace(c, parse=parse[c.name]) if c.name in parse else c for c in self.spec.columns)
        self.spec = replace(self.spec, columns=columns)
        self.blank = []
        self.seen = {}  # row number → parsed values, for the rows that passed
        table.records = self.skip_blank(table.records)

    def skip_blank(self, records):
        for number, cells in records:
            if (cells.get("value") or "").strip() or (cells.get("comment") or "").strip():
                yield number, cells
            else:
                self.blank.append((number, cells))

    def check(self, rows, errors, plan):
        super().check(self.in_scope(rows, errors), errors, plan)
        self.check_blank(errors)

    def in_scope(self, rows, errors):
        for row in rows:
            if row.ok and self.structure_ids is not None and row.values.get("structure") is None:
                errors.add(self.file, row.number, "structure", WHOLE_INNOVATION_REFUSED)
                row.ok = False
            if row.ok:
                self.seen[row.number] = row.values
            yield row

    def check_blank(self, errors):
        """A blank row over a value already stored: an error (an upload never deletes)."""
        lookups = self.lookups
        for number, cells in self.blank:
            code = (cells.get("structure") or "").strip()
            structure = lookups.structures.get(code) if code else None
            if code and (structure is None or not self.may_send(structure)):
                continue
            indicator = lookups.indicators.get((cells.get("indicator") or "").strip())
            try:
                end = parsers.iso_date((cells.get("period_end") or "").strip())
            except ValidationError:
                continue
            if (cells.get("innovation") or "").strip() != self.innovation.code or indicator is None:
                continue
            saved = self.existing_for(self.innovation.id, end).get(
                (structure.pk if structure else None, indicator.id, end)
            )
            if saved is not None:
                _, (_, kind, figure, *_) = saved
                errors.add(self.file, number, "value", STORED_NOT_ERASED.format(display(kind, figure)))

    def detail(self, change):
        """A new or updated value as people read it: where, which indicator, before → after."""
        v = self.seen[change.row]
        structure, indicator, end = v.get("structure"), v["indicator"], v["period_end"]
        before = None
        if change.outcome is Outcome.UPDATED:
            key = (structure.pk if structure else None, indicator.id, end)
            _, (_, kind, figure, *_) = self.existing_for(self.innovation.id, end)[key]
            before = display(kind, figure)
        return {
            "row": change.row,
            "structure": structure.name if structure else WHOLE_INNOVATION,
            "indicator": indicator.label,
            "period_end": end,
            "before": before,
            "after": display(*v["value"]),
            "outcome": change.outcome,
            "fields": ", ".join(dict.fromkeys(FIELD_LABELS.get(f, f) for f in change.fields)),
        }

    def may_send(self, structure):
        return self.structure_ids is None or structure.pk in self.structure_ids

    @property
    def skipped(self):
        return len(self.blank)


@dataclass
class Upload:
    """What checking (or importing) one uploaded file gave."""

    name: str
    result: Result
    skipped: int = 0
    details: list = field(default_factory=list)  # FiguresImport.detail of each new or updated value
    checks: object = None  # the CheckResult of check_values after a write

    @property
    def errors(self):
        return self.result.errors

    @property
    def counts(self):
        return self.result.plan.counts[self.name]

    @property
    def changed(self):
        return self.result.plan.changed


def import_file(path, name, innovation, user, *, dry_run=True):
    """Check (and, unless `dry_run`, import) the file at `path`, shown to the user as `name`.
    After an import that changed values, the validation rules run on the innovation."""
    try:
        table = open_table(path, name=name, sheet=SHEET)
    except TableError as error:
        return Upload(name, Result(ErrorList(error.errors), Plan(), dry_run=dry_run))
    item = FiguresImport(table, Lookups(user), innovation, figure_structure_ids(user, innovation))
    upload = Upload(name, run_import([item], dry_run=dry_run))
    upload.skipped = item.skipped
    if not upload.errors:
        upload.details = [item.detail(c) for c in upload.result.plan.changes if c.file == name]
    if upload.result.written and upload.changed:
        upload.checks = check_values(innovation)
    return upload


# Waiting between the dry run and the confirmation.


def upload_dir():
    base = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()
    directory = Path(base) / "essaim-depots"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def clean_old(directory):
    limit = time.time() - KEEP_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            pass


def suffix_of(name):
    return Path(name).suffix.lower()


def store(uploaded):
    """Copy an uploaded file to the waiting directory; return (token, path)."""
    directory = upload_dir()
    clean_old(directory)
    token = secrets.token_hex(16)
    path = directory / f"{token}{suffix_of(uploaded.name)}"
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token, path


def path_of(token, suffix):
    return upload_dir() / f"{token}{suffix}"


def discard(path):
    Path(path).unlink(missing_ok=True)


def remember(session, token, innovation, name):
    """Keep a checked file for the confirmation (the last few of this session only)."""
    waiting = dict(session.get(SESSION_KEY, {}))
    waiting[token] = {"innovation": innovation.code, "name": name, "suffix": suffix_of(name)}
    for old in list(waiting)[:-KEPT_PER_SESSION]:
        discard(path_of(old, waiting.pop(old)["suffix"]))
    session[SESSION_KEY] = waiting


def take(session, token, innovation):
    """The (path, name) of a file this session checked for `innovation`, removed from the
    waiting list; None if unknown, already used or expired."""
    waiting = dict(session.get(SESSION_KEY, {}))
    entry = waiting.pop(token, None) if isinstance(token, str) else None
    session[SESSION_KEY] = waiting
    if entry is None or entry["suffix"] not in SUFFIXES:
        return None
    path = path_of(token, entry["suffix"])
    if entry["innovation"] != innovation.code:
        discard(path)
        return None
    if not path.is_file():
        return None
    return path, entry["name"]
