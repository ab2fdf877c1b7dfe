"""Cell parsers: raw text in, a Python value out, or a ValidationError in French.

Each parser receives a trimmed, non-empty cell unless its column refuses blanks, in which case
it also receives "" and says what is missing.
"""

import re
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError

from essaim.imports.spec import MISSING

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FRENCH_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def text(raw):
    if not raw:
        raise ValidationError(MISSING)
    return raw


@lru_cache(maxsize=65536)
def iso_date(raw):
    """AAAA-MM-JJ; also JJ/MM/AAAA, which French Excel writes back when it saves a date."""
    if match := ISO_DATE.fullmatch(raw):
        year, month, day = match.groups()
    elif match := FRENCH_DATE.fullmatch(raw):
        day, month, year = match.groups()
    elif not raw:
        raise ValidationError(MISSING)
    else:
        raise ValidationError(f"« {raw} » n'est pas une date au format AAAA-MM-JJ.")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(f"la date « {raw} » n'existe pas dans le calendrier.") from None


def choice(choices, what):
    """A code among a TextChoices enum's values; the message lists the codes allowed."""
    allowed = {c.value for c in choices}
    listed = ", ".join(c.value for c in choices)

    def parse(raw):
        if raw in allowed:
            return raw
        if not raw:
            raise ValidationError(MISSING)
        raise ValidationError(f"{what} inconnu « {raw} » (codes possibles : {listed}).")

    return parse


def lookup(mapping, unknown):
    """A code looked up in `mapping` (read once per file); `unknown` is a template with {}."""

    def parse(raw):
        try:
            return mapping[raw]
        except KeyError:
            if not raw:
                raise ValidationError(MISSING) from None
            raise ValidationError(unknown.format(raw)) from None

    return parse


def member(codes, unknown):
    """A code that must belong to `codes`; returns the code itself."""

    def parse(raw):
        if raw in codes:
            return raw
        if not raw:
            raise ValidationError(MISSING)
        raise ValidationError(unknown.format(raw))

    return parse


def digits(raw):
    """An identifier made of digits that people write with spaces (SIRET): spaces dropped."""
    return re.sub(r"[\s\u00a0\u202f]", "", raw)
