"""The "as of" date of a page, read from the query string."""

from datetime import date

from django.utils import timezone


def parse_day(raw, default):
    """(day, error message or None): an empty value gives `default`."""
    try:
        return date.fromisoformat(raw) if raw else default, None
    except ValueError:
        return default, f"La date « {raw} » n'est pas valide : utilisez le format AAAA-MM-JJ."


def as_of(request, name="au"):
    today = timezone.localdate()
    day, error = parse_day(request.GET.get(name, ""), today)
    return day, error, today
