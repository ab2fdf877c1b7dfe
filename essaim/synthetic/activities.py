"""The swarming activities of the synthetic programme (docs/pipeline.md) and their attendance.

For each innovation: an awareness action before its first adoption; for each group of
structures selected the same month, two training sessions (formation-action or regional
training, as the innovation chooses) between their selection and the end of their training,
attended by the group; a hotline for the whole swarming, used by some structures (number of
professionals not known); two site visits. For the programme: a national day each year, attended
by some of the structures then adopting. Professionals present are left empty for about one
attendance in twelve (not known, never 0).
"""

import datetime
from decimal import Decimal

from django.db.models import Q

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity, Attendance
from essaim.organizations.models import Structure
from essaim.synthetic.common import KEY, innovations, structures
from essaim.synthetic.tables import delete_all, write_rows
from essaim.territories.models import Departement

UNKNOWN_PROFESSIONALS = 1 / 12
HOTLINE_USERS = 0.4
NATIONAL_DAY_SHARE = 0.05  # of the structures adopting by then
NATIONAL_DAYS = range(2017, 2021)
COLUMNS = [
    "key",
    "innovation_id",
    "kind",
    "title",
    "module",
    "starts_on",
    "ends_on",
    "duration_days",
    "place",
    "departement_id",
    "description",
    "date_note",
]
DESCRIPTION = "Activité générée (synthétique)."


def remove():
    activities = Activity.objects.filter(Q(innovation__in=innovations()) | Q(key__startswith=KEY))
    delete_all(Attendance.objects.filter(Q(activity__in=activities) | Q(structure__in=structures())), activities)


def days(n):
    return datetime.timedelta(days=n)


class Writer:
    """Activities and their attendance, collected then written in two COPYs."""

    def __init__(self, rng):
        self.rng = rng
        self.activities = []
        self.attendance = {}  # activity key → [(structure id, professionals)]

    def professionals(self, low, high):
        return None if self.rng.random() < UNKNOWN_PROFESSIONALS else self.rng.randint(low, high)

    def add(
        self,
        key,
        innovation_id,
        kind,
        title,
        starts_on,
        *,
        ends_on=None,
        duration=None,
        module="",
        place="",
        departement=None,
        attendance=(),
    ):
        duration = Decimal(str(duration)) if duration is not None else None
        self.activities.append(
            (key, innovation_id, kind, title, module, starts_on, ends_on, duration, place, departement, DESCRIPTION, "")
        )
        self.attendance[key] = list(attendance)

    def write(self):
        write_rows("activities_activity", COLUMNS, self.activities)
        ids = dict(Activity.objects.filter(key__startswith=KEY).values_list("key", "pk"))
        rows = [
            (ids[key], structure_id, professionals, "")
            for key, present in self.attendance.items()
            for structure_id, professionals in present
        ]
        write_rows("activities_attendance", ["activity_id", "structure_id", "professionals", "note"], rows)
        return {"activities": len(self.activities), "attendance": len(rows)}


def innovation_activities(out, innovation, units, structures, today):
    pk, code, name = innovation
    rng = out.rng
    prefix = code.lower()
    first = min(unit.since for unit in units)
    kind = ActivityKind.FORMATION_ACTION if rng.random() < 0.7 else ActivityKind.REGIONAL_TRAINING
    label = "Formation-action" if kind == ActivityKind.FORMATION_ACTION else "Formation régionale intensive"
    home = structures[units[0].structure_id][1]
    out.add(
        f"{prefix}-sensibilisation",
        pk,
        ActivityKind.AWARENESS.value,
        f"Action de sensibilisation — {name}",
        first - days(45),
        duration=0.5,
        departement=home,
        attendance=[(u.structure_id, out.professionals(1, 2)) for u in units if rng.random() < 0.5],
    )
    groups = {}
    for unit in units:
        groups.setdefault(unit.since, []).append(unit)
    for since, group in sorted(groups.items()):
        where = structures[group[0].structure_id][1]
        for session, (offset, module) in enumerate(((14, "Modules 1 et 2"), (42, "Modules 3 et 4")), start=1):
            present = group if session == 1 else [u for u in group if rng.random() < 0.95]
            out.add(
                f"{prefix}-formation-{since:%Y-%m}-{session}",
                pk,
                kind.value,
                f"{label} — {name}",
                since + days(offset),
                ends_on=since + days(offset + 1),
                duration=2,
                module=module,
                departement=where,
                attendance=[(u.structure_id, out.professionals(1, 4)) for u in present],
            )
    last_trained = max(unit.trained_on for unit in units)
    out.add(
        f"{prefix}-hotline",
        pk,
        ActivityKind.SUPPORT.value,
        f"Hotline et accompagnement individuel — {name}",
        first,
        ends_on=min(last_trained + days(365), today),
        attendance=[(u.structure_id, None) for u in units if rng.random() < HOTLINE_USERS],
    )
    for visit in range(1, 3):
        unit = rng.choice(units)
        day = unit.trained_on + days(rng.randrange(60, 180))
        if day > today:
            continue
        structure_name, departement = structures[unit.structure_id]
        out.add(
            f"{prefix}-visite-{visit}",
            pk,
            ActivityKind.SITE_VISIT.value,
            f"Visite de site — {name}",
            day,
            duration=1,
            place=structure_name,
            departement=departement,
            attendance=[(unit.structure_id, out.professionals(1, 5))],
        )


def national_days(out, units, today):
    paris = "75" if Departement.objects.filter(code="75").exists() else None
    for year in NATIONAL_DAYS:
        day = datetime.date(year, 12, 7)
        if day > today:
            continue
        adopting = sorted({u.structure_id for u in units if u.since <= day})
        present = out.rng.sample(adopting, round(len(adopting) * NATIONAL_DAY_SHARE)) if adopting else []
        out.add(
            f"{KEY}programme-journee-nationale-{year}",
            None,
            ActivityKind.NATIONAL_DAY.value,
            f"Journée nationale {year} de l'accélérateur (synthétique)",
            day,
            duration=1,
            place="Paris",
            departement=paris,
            attendance=[(structure_id, out.professionals(1, 3)) for structure_id in sorted(present)],
        )


def generate(rng, innovations, units_of, today):
    """Write the activities of `innovations` [(pk, code, name)] whose adoptions are
    `units_of[innovation id]`, and the national days; return the counts."""
    structures = {
        pk: (name, departement)
        for pk, name, departement in Structure.objects.filter(key__startswith=KEY).values_list(
            "pk", "name", "departement_id"
        )
    }
    out = Writer(rng)
    for innovation in innovations:
        units = units_of.get(innovation[0])
        if units:
            innovation_activities(out, innovation, units, structures, today)
    national_days(out, [u for units in units_of.values() for u in units], today)
    return out.write()
