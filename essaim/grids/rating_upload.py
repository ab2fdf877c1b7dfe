"""Uploading a filled ratings template (.xlsx or .csv) for one innovation's grid.

The file goes through the import framework exactly as the bundle's observations.csv does (same
FileSpec, same checks, same errors, one transaction or nothing), with three additions for a file
sent from the grid's page by a person:

- every row must be about that innovation;
- a structure member may only send rows of its own structure(s); any other structure code is an
  error on that row, whether the code exists or not (existence is not revealed);
- a row whose level and comment are both empty is skipped (the template lists every expected
  row); but a blank row over a rating already stored is an error: an upload never deletes,
  « non renseigné » says that a level is not known.

Between the dry run and the confirmation the file waits where the figures uploads wait
(`evaluation.figure_upload.store`), under its own session key.
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError

from essaim.evaluation import figure_upload
from essaim.evaluation.figure_upload import only_innovation
from essaim.evaluation.import_lookups import Lookups
from essaim.grids.observations_csv import ObservationsImport
from essaim.grids.perms import rating_structure_ids
from essaim.grids.rating_template import SHEET
from essaim.imports.errors import ErrorList, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import open_table
from essaim.imports.run import Result, run_import

SESSION_KEY = "rating_uploads"
KEPT_PER_SESSION = 5
FIELD_LABELS = {"level": "niveau", "comment": "commentaire"}
STORED_NOT_ERASED = (
    "une note est déjà enregistrée ({}) : une case vide ne l'efface pas ; choisissez « non renseigné » si le "
    "niveau n'est pas connu, ou remettez-la."
)


def only_structures(structures):
    """The `structure` column for a structure member: its own structures (code → record)."""
    names = ", ".join(sorted(s.name for s in structures.values())) or "aucune"

    def parse(raw):
        try:
            return structures[raw]
        except KeyError:
            raise ValidationError(
                f"vous ne pouvez déposer que les notes de votre structure ({names}) : « {raw} » n'en est pas une."
            ) from None

    return parse


class RatingsImport(ObservationsImport):
    """observations.csv's import, limited to one innovation and to the structures
    `structure_ids` (None: all), skipping the rows left empty."""

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
        self.seen = {}  # row number → (adoption, item, level, phase) of the rows that passed
        table.records = self.skip_blank(table.records)

    def skip_blank(self, records):
        for number, cells in records:
            if (cells.get("level") or "").strip() or (cells.get("comment") or "").strip():
                yield number, cells
            else:
                self.blank.append((number, cells))

    def resolve(self, row, errors):
        resolved = super().resolve(row, errors)
        if resolved is not None and row.ok:
            self.seen[row.number] = (*resolved, row.values["phase"])
        return resolved

    def check(self, rows, errors, plan):
        super().check(rows, errors, plan)
        self.check_blank(errors)

    def check_blank(self, errors):
        """A blank row over a rating already stored: an error (an upload never deletes)."""
        existing = self.existing()
        code = self.innovation.code
        for number, cells in self.blank:
            key = (cells.get("structure") or "").strip()
            structure = self.lookups.structures.get(key)
            if structure is None or (self.structure_ids is not None and structure.pk not in self.structure_ids):
                continue
            if (cells.get("innovation") or "").strip() != code:
                continue
            phase = (cells.get("phase") or "").strip()
            if not phase.isdigit():
                continue
            saved = existing.get((code, key, int(phase), (cells.get("item") or "").strip()))
            if saved is not None and saved.pk is not None:
                errors.add(self.file, number, "level", STORED_NOT_ERASED.format(saved.level.label))

    def detail(self, change):
        adoption, item, level, phase = self.seen[change.row]
        before = None
        if change.outcome is Outcome.UPDATED:
            before = self.before.get((adoption.pk, phase, item.pk))
        return {
            "row": change.row,
            "structure": adoption.structure.name,
            "item": item.label,
            "phase": phase,
            "before": before,
            "after": level.label,
            "outcome": change.outcome,
            "fields": ", ".join(dict.fromkeys(FIELD_LABELS.get(f, f) for f in change.fields)),
        }

    def existing(self):
        found = super().existing()
        if not hasattr(self, "before"):
            # Levels as stored, before this file's rows change the records in memory.
            self.before = {(o.adoption_id, o.phase, o.item_id): o.level.label for o in found.values() if o.pk}
        return found

    @property
    def skipped(self):
        return len(self.blank)


@dataclass
class Upload:
    name: str
    result: Result
    skipped: int = 0
    details: list = field(default_factory=list)

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
    """Check (and, unless `dry_run`, import) the file at `path`, shown to the user as `name`."""
    try:
        table = open_table(path, name=name, sheet=SHEET)
    except TableError as error:
        return Upload(name, Result(ErrorList(error.errors), Plan(), dry_run=dry_run))
    item = RatingsImport(table, Lookups(user), innovation, rating_structure_ids(user, innovation))
    upload = Upload(name, run_import([item], dry_run=dry_run))
    upload.skipped = item.skipped
    if not upload.errors:
        upload.details = [item.detail(c) for c in upload.result.plan.changes if c.file == name]
    return upload


def remember(session, token, innovation, name):
    """Keep a checked file for the confirmation (the last few of this session only)."""
    waiting = dict(session.get(SESSION_KEY, {}))
    waiting[token] = {"innovation": innovation.code, "name": name, "suffix": figure_upload.suffix_of(name)}
    for old in list(waiting)[:-KEPT_PER_SESSION]:
        figure_upload.discard(figure_upload.path_of(old, waiting.pop(old)["suffix"]))
    session[SESSION_KEY] = waiting


def take(session, token, innovation):
    """The (path, name) of a file this session checked for `innovation`, removed from the
    waiting list; None if unknown, already used or expired."""
    waiting = dict(session.get(SESSION_KEY, {}))
    entry = waiting.pop(token, None) if isinstance(token, str) else None
    session[SESSION_KEY] = waiting
    if entry is None or entry["suffix"] not in figure_upload.SUFFIXES:
        return None
    path = figure_upload.path_of(token, entry["suffix"])
    if entry["innovation"] != innovation.code:
        figure_upload.discard(path)
        return None
    if not path.is_file():
        return None
    return path, entry["name"]
