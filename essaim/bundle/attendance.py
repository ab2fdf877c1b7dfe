"""attendance.csv: activity, structure, professionals, note.

One row per structure present at an activity (in the database or in activities.csv):
`professionals` is how many of its professionals came, empty when not known (never 0)."""

from essaim.activities.models import Attendance
from essaim.bundle.activity_lookups import ActivityFileImport, count
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import full_clean

FILE = "attendance.csv"
HEADER = ["activity", "structure", "professionals", "note"]


def spec(lookups, data):
    return FileSpec(
        FILE,
        columns=(
            Column(
                "activity",
                required=True,
                blank=False,
                parse=parsers.lookup(data.activities, "activité inconnue « {} » (ni en base, ni dans activities.csv)"),
            ),
            Column(
                "structure",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.structures, "structure inconnue « {} »"),
            ),
            Column("professionals", parse=count, default=None),
            Column("note", max_length=300),
        ),
        key=("activity", "structure"),
    )


class AttendanceImport(ActivityFileImport):
    def file_spec(self):
        return spec(self.lookups, self.data)

    def check(self, rows, errors, plan):
        for row in rows:
            activity, structure = row.values.get("activity"), row.values.get("structure")
            if activity is None or structure is None or not row.ok:
                continue
            pair = (activity.key, structure.key)
            values = {name: row.values[name] for name in ("professionals", "note") if name in row.values}
            attendance = self.data.attendance.get(pair)
            if attendance is None:
                attendance = Attendance(activity=activity, structure=structure, **values)
                self.data.attendance[pair] = attendance
                outcome, changed = Outcome.NEW, []
            else:
                changed = [name for name, value in values.items() if getattr(attendance, name) != value]
                for name in changed:
                    setattr(attendance, name, values[name])
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(attendance, self.spec, row.number, errors, exclude=["activity", "structure"]):
                    continue
                self.to_save.append(attendance)
            plan.add(FILE, row.number, f"{pair[0]} × {pair[1]}", outcome, changed)


def export_rows():
    rows = Attendance.objects.exclude(structure__key=None).values_list(
        "activity__key", "structure__key", "professionals", "note"
    )
    return sorted(rows, key=lambda r: (r[0], r[1]))
