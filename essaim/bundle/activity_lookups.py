"""What activities.csv, attendance.csv and events.csv share: what they look up, read once per
import, the cell parsers (stable keys, counts, durations, sources), the spec and columns that
activities.csv and events.csv have in common, and the import they are read by
(`ActivityFileImport`, and `KeyedImport` for the files whose rows are named by a key)."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from essaim.activities.models import Activity, Attendance, Event
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import MISSING, Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDS = {"departement": "departement_id", "source": "source_id"}  # columns that fill a foreign key by its id


class ActivityLookups:
    """Activities and events by key, attendance by (activity key, structure key); each file
    adds what it declares, so that attendance.csv may name an activity of activities.csv."""

    def __init__(self):
        self.activities = {a.key: a for a in Activity.objects.all()}
        self.events = {e.key: e for e in Event.objects.all()}
        self.attendance = {
            (a.activity.key, a.structure.key): a
            for a in Attendance.objects.select_related("activity", "structure").exclude(structure__key=None)
        }


def activity_lookups(lookups):
    """The activity part of an import's lookups (created on first use)."""
    if getattr(lookups, "activity_data", None) is None:
        lookups.activity_data = ActivityLookups()
    return lookups.activity_data


def key(raw):
    if not raw:
        raise ValidationError(MISSING)
    if len(raw) > 80 or not KEY.fullmatch(raw):
        raise ValidationError(
            f"identifiant « {raw} » invalide : minuscules sans accent, chiffres et tirets, 80 caractères au plus "
            "(par exemple « lref-formation-action-module-5 »)."
        )
    return raw


def count(raw):
    """A whole number ≥ 0; an empty cell is « non renseigné », never 0."""
    if raw.isdigit():
        return int(raw)
    if raw.startswith("-") and raw[1:].isdigit():
        raise ValidationError(f"« {raw} » est négatif : un effectif ne peut pas l'être.")
    raise ValidationError(f"« {raw} » n'est pas un nombre entier (laissez la cellule vide si vous ne le savez pas).")


def duration(raw):
    """A number of days, with a comma or a dot: « 2 », « 0,5 »."""
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(f"« {raw} » n'est pas une durée en jours (par exemple « 2 » ou « 0,5 »).") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.1")):
        raise ValidationError(f"« {raw} » : une durée s'écrit avec une décimale au plus (par exemple « 0,5 »).")
    return value


def source(sources):
    def parse(raw):
        if raw in sources:
            return sources[raw]
        raise ValidationError(f"source inconnue « {raw} » (une clé de source, par exemple « 003-lref »).")

    return parse


def keyed_spec(name, columns):
    """The spec of a file whose rows are named by a stable key, in its first column."""
    return FileSpec(name, columns=(Column("key", required=True, blank=False, parse=key), *columns), key=("key",))


def place_columns(lookups):
    """The place columns of activities.csv and events.csv: place, departement (a code)."""
    return (
        Column("place", max_length=200),
        Column("departement", parse=parsers.member(lookups.departements, "département inconnu « {} »"), default=None),
    )


def note_columns(lookups, text):
    """The last columns of activities.csv and events.csv: date_note, source (a source key) and
    the free text column `text`."""
    return (
        Column("date_note", max_length=300),
        Column("source", parse=source(lookups.sources), default=None),
        Column(text, max_length=10_000),
    )


def days(value):
    """A duration as the export writes it: « 2 », « 0.5 »."""
    return "" if value is None else f"{value.normalize():f}"


class ActivityFileImport(FileImport):
    """One of the activity files, checked against the shared activity lookups (`data`): `check`
    keeps what it plans in `to_save`, `write` saves it. Subclasses give the file's spec
    (`file_spec`) and `check`."""

    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.data = activity_lookups(lookups)
        self.spec = self.file_spec()
        self.to_save = []

    def file_spec(self):
        raise NotImplementedError

    def write(self, errors):
        for record in self.to_save:
            save(record, user=self.lookups.user)


class KeyedImport(ActivityFileImport):
    """activities.csv or events.csv: one record a row, named by its `key` column, new or updated.
    Subclasses name the `model`, the lookup its records are in (`records`) and the columns that
    link to other records (`relations`); every other column fills the field of its name
    (departement and source their id). Model validation leaves out the relations and the
    foreign keys the spec has checked."""

    model = None
    records = None
    relations = ()

    def check(self, rows, errors, plan):
        known = getattr(self.data, self.records)
        fields = {c.name: IDS.get(c.name, c.name) for c in self.spec.columns if c.name not in ("key", *self.relations)}
        exclude = [*self.relations, *IDS, "key"]
        for row in rows:
            code = row.values.get("key")
            if code is None:
                continue
            values = {fields[c]: v for c, v in row.values.items() if c in fields}
            related = {name: row.values[name] for name in self.relations if name in row.values}
            record = known.get(code)
            if record is None:
                record = self.model(key=code, **values, **related)
                known[code] = record
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(record, values)
                apply(record, values)
                for name, wanted in related.items():
                    if relinked(record, name, wanted):
                        setattr(record, name, wanted)
                        changed.append(name)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(record, self.spec, row.number, errors, exclude=exclude):
                    continue
                self.to_save.append(record)
            plan.add(self.file, row.number, code, outcome, changed)


def relinked(record, name, wanted):
    """The file links `record` by `name` to another record than the one it has (`wanted` may be
    None, or new: not saved yet, so always another)."""
    if wanted is not None and wanted.pk is None:
        return True
    return (wanted.pk if wanted is not None else None) != getattr(record, f"{name}_id")
