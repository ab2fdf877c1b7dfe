"""events.csv: key, innovation, organiser, title, starts_on, ends_on, place, departement, the
figures of the event, date_note, source, notes.

One row per event an innovation runs (each Rallye pour l'emploi), named by its stable key. The
organiser, when known, is a structure code. Figures are whole numbers ≥ 0, or empty when not
known (never taken as 0); the model's rules apply (`Event.clean`: women and men not more than
the job seekers, companies by sector or size not more than the companies, no end before the
start). The check against the innovation's charter is computed, not carried."""

from essaim.activities.enums import EVENT_FIGURES
from essaim.activities.models import Event
from essaim.bundle.activity_lookups import KeyedImport, count, keyed_spec, note_columns, place_columns
from essaim.imports import parsers
from essaim.imports.spec import Column

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


def spec(lookups):
    return keyed_spec(
        FILE,
        columns=(
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
            *place_columns(lookups),
            *(Column(name, parse=count, default=None) for name in EVENT_FIGURES),
            *note_columns(lookups, "notes"),
        ),
    )


class EventsImport(KeyedImport):
    model = Event
    records = "events"
    relations = ("innovation", "organiser")

    def file_spec(self):
        return spec(self.lookups)


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
