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
from essaim.evaluation.staged_values import StagedValuesImport
from essaim.evaluation.validation import check_values
from essaim.evaluation.values import display
from essaim.imports import parsers
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
        self.blank = []  # (row number, {column: text}) of the rows set aside, as they are read
        table.records.set_aside(self.filled, self.blank)

    def may_send(self, structure):
        return self.structure_ids is None or structure.pk in self.structure_ids

    @property
    def skipped(self):
        return len(self.blank)


class FiguresImport(FromInnovationPage, StagedValuesImport):
    """values.csv's import (staged in SQL on PostgreSQL, row by row elsewhere), limited to one
    innovation and to the structures `structure_ids` (None: all), skipping the rows left empty."""

    filled = ("value", "comment")
    sent = "chiffres"

    def __init__(self, table, lookups, innovation, structure_ids, *, locks=False):
        super().__init__(table, lookups, innovation, structure_ids)
        self.locks = locks  # whether the campaigns' locks bind the sender
        self.locked = {}  # (structure id, period end) → the campaign that locks it, or None

    def check_file(self, errors, plan):
        super().check_file(errors, plan)
        self.check_blank(errors)

    def check(self, rows, errors, plan):
        super().check(self.in_scope(rows, errors), errors, plan)

    def in_scope(self, rows, errors):
        """The row path's `out_of_scope`: a row refused gets its error and goes no further."""
        for row in rows:
            if row.ok:
                problem = self.out_of_scope(row.values.get("structure"), row.values["period_end"])
                if problem is not None:
                    errors.add(self.file, row.number, *problem)
                    row.ok = False
            yield row

    def check_scope(self, stage, cursor):
        """The staged path's `out_of_scope`, decided once per distinct structure and period end
        of the rows free of errors."""
        structure, end = stage.columns.get("structure"), stage.columns["period_end"]
        unit = f"coalesce({structure.sql}, -1)" if structure else "-1"
        cursor.execute(f"SELECT DISTINCT {unit}, {end.sql} FROM {stage.name} WHERE ok")
        refused = {}
        for unit_token, end_token in cursor.fetchall():
            record = None if unit_token < 0 else structure.values[unit_token]
            problem = self.out_of_scope(record, end.values[end_token])
            if problem is not None:
                refused[(unit_token, end_token)] = problem
        if not refused:
            return
        cursor.execute(
            f"SELECT row, {unit}, {end.sql} FROM {stage.name} WHERE ok AND ({unit}, {end.sql}) IN "
            f"(SELECT * FROM unnest(%s::integer[], %s::integer[]))",
            [[pair[0] for pair in refused], [pair[1] for pair in refused]],
        )
        rows = sorted(cursor.fetchall())
        for number, unit_token, end_token in rows:
            stage.add(number, *refused[(unit_token, end_token)])
        stage.refuse(cursor, [number for number, *_ in rows])

    def out_of_scope(self, structure, period_end):
        """(column, message) when a row about `structure` (None: the innovation as a whole) and
        `period_end` may not be sent from this page; None when it may."""
        if self.structure_ids is not None and structure is None:
            return "structure", WHOLE_INNOVATION_REFUSED
        if self.locks and structure is not None:
            campaign = self.lock_of(structure.pk, period_end)
            if campaign is not None:
                return "period_end", locked_message(campaign, period_end)
        return None

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
        return {
            "row": change.row,
            "structure": structure.name if structure else WHOLE_INNOVATION,
            "indicator": indicator.label,
            "period_end": end,
            "before": None if v["saved"] is None else display(*v["saved"]),
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
