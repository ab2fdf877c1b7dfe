"""activities.csv: key, innovation, kind, title, module, starts_on, ends_on, duration_days, place,
departement, date_note, source, description.

One row per swarming activity (a formation-action session, a regional training, a national
day…), named by its stable key. `innovation` empty: an activity of the programme as a whole.
The rules are the model's (`Activity.clean`: an end before the start is refused)."""

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity
from essaim.bundle.activity_lookups import activity_lookups, days, duration, key, source
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save

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
FIELDS = {
    "kind": "kind",
    "title": "title",
    "module": "module",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "duration_days": "duration_days",
    "place": "place",
    "departement": "departement_id",
    "date_note": "date_note",
    "source": "source_id",
    "description": "description",
}


def spec(lookups):
    return FileSpec(
        FILE,
        columns=(
            Column("key", required=True, blank=False, parse=key),
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
            Column("place", max_length=200),
            Column(
                "departement",
                parse=parsers.member(lookups.departements, "département inconnu « {} »"),
                default=None,
            ),
            Column("date_note", max_length=300),
            Column("source", parse=source(lookups.sources), default=None),
            Column("description", max_length=10_000),
        ),
        key=("key",),
    )


class ActivitiesImport(FileImport):
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
            innovation = row.values.get("innovation") if "innovation" in row.values else None
            activity = self.data.activities.get(code)
            if activity is None:
                activity = Activity(key=code, **values)
                activity.innovation = innovation
                self.data.activities[code] = activity
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(activity, values)
                apply(activity, values)
                if "innovation" in row.values and (
                    (innovation is not None and innovation.pk is None)
                    or (innovation.pk if innovation else None) != activity.innovation_id
                ):
                    activity.innovation = innovation
                    changed.append("innovation")
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                exclude = ["innovation", "departement", "source", "key"]
                if not full_clean(activity, self.spec, row.number, errors, exclude=exclude):
                    continue
                self.to_save.append(activity)
            plan.add(FILE, row.number, code, outcome, changed)

    def write(self, errors):
        for activity in self.to_save:
            save(activity, user=self.lookups.user)


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
