"""An innovation's activity calendar, laid out as the seeds draw it (the LREF 2018 calendar):
months across, one lane per kind of work, every dated thing the pipeline holds — awareness
actions, AMI applications and selection, steering committees, trainings, support, national
days, events."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity, CommitteeMeeting, Event, StructureCall
from essaim.activities.titles import shown_titles

MONTHS = ["Janv.", "Févr.", "Mars", "Avr.", "Mai", "Juin", "Juil.", "Août", "Sept.", "Oct.", "Nov.", "Déc."]
LANES = [
    ("mobilisation", "Mobilisation"),
    ("training", "Formation"),
    ("support", "Accompagnement"),
    ("national", "Journées nationales"),
    ("events", "Événements"),
]
LANE_OF_KIND = {
    ActivityKind.AWARENESS: "mobilisation",
    ActivityKind.FORMATION_ACTION: "training",
    ActivityKind.REGIONAL_TRAINING: "training",
    ActivityKind.SUPPORT: "support",
    ActivityKind.SITE_VISIT: "support",
    ActivityKind.WORKING_GROUP: "support",
    ActivityKind.NATIONAL_DAY: "national",
}


@dataclass
class Entry:
    start: date
    end: date
    lane: str
    label: str
    kind: str
    place: str = ""
    url: str = ""
    approximate: bool = False
    flag: str = ""  # "broken" for an event that breaks its charter
    short: str = ""  # what the month grid shows (the label when empty)

    @property
    def shown(self):
        return self.short or self.label

    def months_in(self, year):
        """The months (1-12) of `year` this entry spans."""
        if self.end.year < year or self.start.year > year:
            return range(0)
        first = self.start.month if self.start.year == year else 1
        last = self.end.month if self.end.year == year else 12
        return range(first, last + 1)


def short_label(activity):
    """« Modules 1 et 2 · 2 j » in the month grid; the full title in the list and the tooltip.
    The activity comes from titles.shown_titles: its title as the viewer may read it."""
    text = activity.shown_module or activity.shown_title
    if activity.duration_days:
        days = f"{activity.duration_days.normalize():f}".replace(".", ",")
        text += f" · {days} j"
    return text


def activity_entries(activities):
    for a in activities:
        yield Entry(
            a.starts_on,
            a.ends_on or a.starts_on,
            LANE_OF_KIND.get(a.kind, "support"),
            f"{a.shown_title}{f' — {a.shown_module}' if a.shown_module else ''}",
            a.get_kind_display(),
            a.place,
            reverse("activities:activity", args=[a.pk]),
            bool(a.date_note),
            short=short_label(a),
        )


def innovation_entries(innovation, viewer, *, with_committee, charter_rules=(), event_filter=None):
    """Every dated entry of the innovation's pipeline, in order, as `viewer` may read it.
    `with_committee`: the steering committee's meetings and the AMI (for those who see the
    mobilisation)."""
    activities = Activity.objects.filter(innovation=innovation).select_related("innovation")
    entries = list(activity_entries(shown_titles(viewer, activities)))
    if with_committee:
        for call in StructureCall.objects.filter(innovation=innovation):
            url = reverse("activities:ami", args=[call.pk])
            entries.append(
                Entry(
                    call.opens_on,
                    call.closes_on or call.opens_on,
                    "mobilisation",
                    f"Réception des candidatures : {call.title}",
                    "AMI",
                    url=url,
                    approximate=bool(call.date_note),
                    short="Réception des candidatures",
                )
            )
            if call.selection_on:
                entries.append(
                    Entry(
                        call.selection_on,
                        call.selection_on,
                        "mobilisation",
                        f"Sélection des structures : {call.title}",
                        "AMI",
                        url=url,
                        approximate=bool(call.date_note),
                        short="Sélection",
                    )
                )
        for meeting in CommitteeMeeting.objects.filter(innovation=innovation):
            entries.append(
                Entry(
                    meeting.held_on,
                    meeting.held_on,
                    "mobilisation",
                    "Comité de pilotage opérationnel",
                    "Comité",
                    meeting.place,
                    approximate=bool(meeting.date_note),
                    short="Comité de pilotage",
                )
            )
    events = Event.objects.filter(innovation=innovation)
    if event_filter is not None:
        events = events.filter(organiser_id__in=event_filter)
    for event in events:
        broken = any(c.state == "broken" for c in event.check_charter(charter_rules))
        entries.append(
            Entry(
                event.starts_on,
                event.ends_on or event.starts_on,
                "events",
                event.title,
                "Événement",
                event.place,
                reverse("activities:event", args=[event.pk]),
                bool(event.date_note),
                "broken" if broken else "",
            )
        )
    return sorted(entries, key=lambda e: (e.start, e.label))


def years_of(entries):
    years = set()
    for entry in entries:
        years.update(range(entry.start.year, entry.end.year + 1))
    return sorted(years)


def month_grid(entries, year):
    """[(lane label, [12 cells])]; a cell lists (entry, starts here) for the entries of that
    lane spanning the month. Lanes with nothing that year are left out."""
    rows = []
    for lane, label in LANES:
        cells = [[] for _ in MONTHS]
        for entry in entries:
            if entry.lane != lane:
                continue
            months = entry.months_in(year)
            for month in months:
                cells[month - 1].append((entry, month == months[0]))
        if any(cells):
            rows.append((label, cells))
    return rows
