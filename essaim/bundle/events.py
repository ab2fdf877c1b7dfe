"""events.csv: key, innovation, organiser, title, starts_on, ends_on, place, departement, the
figures of the event, date_note, source, notes.

One row per event an innovation runs (each Rallye pour l'emploi), named by its stable key. The
organiser, when known, is a structure code. Figures are whole numbers ≥ 0, or empty when not
known (never taken as 0); the model's rules apply (`Event.clean`: women and men not more than
the job seekers, companies by sector or size not more than the companies, no end before the
start). The check against the innovation's charter is computed, not carried."""

from essaim.activities.enums import EVENT_FIGURES
from essaim.activities.models import Event
from essaim.bundle.activity_lookups import activity_lookups, count, key, source
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save

FILE = "events.csv"
HEADER = [
    "key",
    "innovation",
    "organiser",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "departement",
    *EVENT_FIGURES,
    "date_note",
    "source",
    "notes",
]
FIELDS = {
    "title": "title",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "place": "place",
    "departement": "departement_id",
    "date_note": "date_note",
    "source": "source_id",
    "notes": "notes",
    **{name: name for name in EVENT_FIGURES},
}


def spec(lookups):
    return FileSpec(
        FILE,
        columns=(
            Column("key", required=True, blank=False, parse=key),
            Column(
                "innovation",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.innovations, "innovation inconnue « {} »"),
            ),
            Column(
                "organiser",
                parse=parsers.lookup(lookups.structures, "structure inconnue « {} »"),
                default=None,
            ),
            Column("title", required=True, blank=False, parse=parsers.text, max_length=200),
            Column("starts_on", required=True, blank=False, parse=parsers.iso_date),
            Column("ends_on", parse=parsers.iso_date, default=None),
            Column("place", max_length=200),
            Column(
                "departement",
                parse=parsers.member(lookups.departements, "département inconnu « {} »"),
                default=None,
            ),
            *(Column(name, parse=count, default=None) for name in EVENT_FIGURES),
            Column("date_note", max_length=300),
            Column("source", parse=source(lookups.sources), default=None),
            Column("notes", max_length=10_000),
        ),
        key=("key",),
    )


def differs(current, wanted):
    """A foreign record given by the file differs from the one the event has."""
    if wanted is None or current is None:
        return wanted is not current
    return wanted.pk is None or wanted.pk != current.pk


class EventsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.data = activity_lookups(lookups)
        self.spec = spec(lookups)
        self.to_save = []

    def check(self, rows, errors, plan):
        for row in rows:
            code = row.values.get("key")
            if code is None:
                continue
            values = {FIELDS[c]: v for c, v in row.values.items() if c in FIELDS}
            related = {name: row.values[name] for name in ("innovation", "organiser") if name in row.values}
            event = self.data.events.get(code)
            if event is None:
                event = Event(key=code, **values, **related)
                self.data.events[code] = event
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(event, values)
                apply(event, values)
                for name, wanted in related.items():
                    current = getattr(event, name) if getattr(event, f"{name}_id") else None
                    if differs(current, wanted):
                        setattr(event, name, wanted)
                        changed.append(name)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                exclude = ["innovation", "organiser", "departement", "source", "key"]
                if not full_clean(event, self.spec, row.number, errors, exclude=exclude):
                    continue
                self.to_save.append(event)
            plan.add(FILE, row.number, code, outcome, changed)

    def write(self, errors):
        for event in self.to_save:
            save(event, user=self.lookups.user)


def export_rows():
    rows = Event.objects.values_list(
        "key",
        "innovation__code",
        "organiser__key",
        "title",
        "starts_on",
        "ends_on",
        "place",
        "departement_id",
        *EVENT_FIGURES,
        "date_note",
        "source__key",
        "notes",
    )
    return sorted(rows, key=lambda r: r[0])
