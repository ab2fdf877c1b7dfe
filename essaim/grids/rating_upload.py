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

The page's steps (dry run, confirmation, the file waiting in between) are those of every
upload (`imports/upload_flow.py`), under the session key of the ratings.
"""

from essaim.evaluation.figure_upload import FromInnovationPage
from essaim.evaluation.import_lookups import Lookups
from essaim.grids.observations_csv import ObservationsImport
from essaim.grids.perms import rating_structure_ids
from essaim.grids.rating_template import SHEET
from essaim.imports.plan import Outcome
from essaim.imports.upload_flow import check_file

SESSION_KEY = "rating_uploads"
FIELD_LABELS = {"level": "niveau", "comment": "commentaire"}
STORED_NOT_ERASED = (
    "une note est déjà enregistrée ({}) : une case vide ne l'efface pas ; choisissez « non renseigné » si le "
    "niveau n'est pas connu, ou remettez-la."
)


class RatingsImport(FromInnovationPage, ObservationsImport):
    """observations.csv's import, limited to one innovation and to the structures
    `structure_ids` (None: all), skipping the rows left empty."""

    filled = ("level", "comment")
    sent = "notes"

    def __init__(self, table, lookups, innovation, structure_ids):
        super().__init__(table, lookups, innovation, structure_ids)
        self.seen = {}  # row number → (adoption, item, level, phase) of the rows that passed

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
            if structure is None or not self.may_send(structure):
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


def import_file(path, name, innovation, user, *, dry_run=True):
    """Check (and, unless `dry_run`, import) the file at `path`, shown to the user as `name`."""
    return check_file(
        path,
        name,
        SHEET,
        lambda table: RatingsImport(table, Lookups(user), innovation, rating_structure_ids(user, innovation)),
        dry_run=dry_run,
    )
