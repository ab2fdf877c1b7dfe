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

The page's steps (dry run, confirmation, the file waiting in between) are those of every
upload (`imports/upload_flow.py`).
"""

from dataclasses import replace

from django.core.exceptions import ValidationError

from essaim.evaluation.campaigns import bound_by_lock, locked_message, locking
from essaim.evaluation.figure_template import SHEET, WHOLE_INNOVATION
from essaim.evaluation.import_lookups import Lookups
from essaim.evaluation.perms import figure_structure_ids
from essaim.evaluation.validation import check_values
from essaim.evaluation.values import display
from essaim.evaluation.values_csv import ValuesImport
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.spec import MISSING
from essaim.imports.upload_flow import check_file

SESSION_KEY = "figure_uploads"

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


def only_structures(structures, sent):
    """The `structure` column for a structure member: its own structures (code → record);
    `sent` names what it sends (« chiffres »)."""
    names = ", ".join(s.name for s in sorted(structures.values(), key=lambda s: (s.sort_name, s.pk))) or "aucune"

    def parse(raw):
        try:
            return structures[raw]
        except KeyError:
            raise ValidationError(
                f"vous ne pouvez déposer que les {sent} de votre structure ({names}) : « {raw} » n'en est pas une."
            ) from None

    return parse


class FromInnovationPage:
    """What an import adds for a file sent from an innovation's page (mixed in before the import
    of the file): every row about that innovation, a member's rows about the structures
    `structure_ids` only (None: all), and the rows whose `filled` columns are all empty set
    aside (`blank`)."""

    filled = ()  # the columns a person fills in
    sent = ""  # what a member sends, in « vous ne pouvez déposer que les … de votre structure »

    def __init__(self, table, lookups, innovation, structure_ids):
        super().__init__(table, lookups)
        innovation = lookups.innovations.get(innovation.code, innovation)
        self.innovation, self.structure_ids = innovation, structure_ids
        parse = {"innovation": only_innovation(innovation)}
        if structure_ids is not None:
            own = {s.key: s for s in lookups.structures.values() if s.pk in structure_ids}
            parse["structure"] = only_structures(own, self.sent)
        columns = tuple(replace(c, parse=parse[c.name]) if c.name in parse else c for c in self.spec.columns)
        self.spec = replace(self.spec, columns=columns)
        self.blank = []
        table.records = self.skip_blank(table.records)

    def skip_blank(self, records):
        for number, cells in records:
            if any((cells.get(name) or "").strip() for name in self.filled):
                yield number, cells
            else:
                self.blank.append((number, cells))

    def may_send(self, structure):
        return self.structure_ids is None or structure.pk in self.structure_ids

    @property
    def skipped(self):
        return len(self.blank)


class FiguresImport(FromInnovationPage, ValuesImport):
    """values.csv's import, limited to one innovation and to the structures `structure_ids`
    (None: all), skipping the rows left empty."""

    filled = ("value", "comment")
    sent = "chiffres"

    def __init__(self, table, lookups, innovation, structure_ids, *, locks=False):
        super().__init__(table, lookups, innovation, structure_ids)
        self.seen = {}  # row number → parsed values, for the rows that passed
        self.locks = locks  # whether the campaigns' locks bind the sender
        self.locked = {}  # (structure id, period end) → the campaign that locks it, or None

    def check(self, rows, errors, plan):
        super().check(self.in_scope(rows, errors), errors, plan)
        self.check_blank(errors)

    def in_scope(self, rows, errors):
        for row in rows:
            if row.ok and self.structure_ids is not None and row.values.get("structure") is None:
                errors.add(self.file, row.number, "structure", WHOLE_INNOVATION_REFUSED)
                row.ok = False
            if row.ok and self.locks and row.values.get("structure") is not None:
                campaign = self.lock_of(row.values["structure"].pk, row.values["period_end"])
                if campaign is not None:
                    errors.add(self.file, row.number, "period_end", locked_message(campaign, row.values["period_end"]))
                    row.ok = False
            if row.ok:
                self.seen[row.number] = row.values
            yield row

    def lock_of(self, structure_id, period_end):
        key = (structure_id, period_end)
        if key not in self.locked:
            self.locked[key] = locking(self.innovation.id, structure_id, period_end)
        return self.locked[key]

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


def import_file(path, name, innovation, user, *, dry_run=True):
    """Check (and, unless `dry_run`, import) the file at `path`, shown to the user as `name`.
    After an import that changed values, the validation rules run on the innovation."""
    upload = check_file(
        path,
        name,
        SHEET,
        lambda table: FiguresImport(
            table, Lookups(user), innovation, figure_structure_ids(user, innovation), locks=bound_by_lock(user)
        ),
        dry_run=dry_run,
    )
    if upload.result.written and upload.changed:
        upload.checks = check_values(innovation)
    return upload
