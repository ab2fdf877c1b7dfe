"""activities.csv: key, innovation, kind, title, module, starts_on, ends_on, duration_days, place,
departement, date_note, source, description.

One row per swarming activity (a formation-action session, a regional training, a national
day…), named by its stable key. `innovation` empty: an activity of the programme as a whole.
The rules are the model's (`Activity.clean`: an end before the start is refused)."""

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity
from essaim.bundle.activity_lookups import KeyedImport, days, duration, keyed_spec, note_columns, place_columns
from essaim.imports import parsers
from essaim.imports.spec import Column

FILE = "activities.csv"
HEADER = [
    "key",
    "innovation",
    "kind",
    "title",
    "module",
    "starts_on",
    "ends_on",
    "duration_days",
    "place",
    "departement",
    "date_note",
    "source",
    "description",
]


def spec(lookups):
    return keyed_spec(
        FILE,
        columns=(
            Column(
                "innovation",
                required=True,
                parse=parsers.lookup(lookups.innovations, "innovation inconnue « {} »"),
                default=None,
            ),
            Column("kind", required=True, blank=False, parse=parsers.choice(ActivityKind, "type d'activité")),
            Column("title", required=True, blank=False, parse=parsers.text, max_length=200),
            Column("module", max_length=100),
            Column("starts_on", required=True, blank=False, parse=parsers.iso_date),
            Column("ends_on", parse=parsers.iso_date, default=None),
            Column("duration_days", parse=duration, default=None),
            *place_columns(lookups),
            *note_columns(lookups, "description"),
        ),
    )


class ActivitiesImport(KeyedImport):
    model = Activity
    records = "activities"
    relations = ("innovation",)

    def file_spec(self):
        return spec(self.lookups)


def export_rows():
    rows = Activity.objects.values_list(
        "key",
        "innovation__code",
        "kind",
        "title",
        "module",
        "starts_on",
        "ends_on",
        "duration_days",
        "place",
        "departement_id",
        "date_note",
        "source__key",
        "description",
    )
    return sorted(((*r[:7], days(r[7]), *r[8:]) for r in rows), key=lambda r: r[0])
