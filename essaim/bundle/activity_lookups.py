"""What activities.csv, attendance.csv and events.csv look up, read once per import, and the
cell parsers they share (stable keys, counts, durations, sources)."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from essaim.activities.models import Activity, Attendance, Event
from essaim.imports.spec import MISSING

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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


def days(value):
    """A duration as the export writes it: « 2 », « 0.5 »."""
    return "" if value is None else f"{value.normalize():f}"
