"""Reading one figure as people write it: a non-negative whole number, "nc" or "ne"."""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError

from essaim.evaluation.enums import ValueKind

MAX_NUMBER = 10**12
SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_value(raw):
    """Return (kind, number). Accepts 1058, "1 058", "1058", "nc", "NE"; refuses the rest in French."""
    if isinstance(raw, bool):
        raise ValidationError("« %(raw)s » n'est pas un nombre.", code="not_a_number", params={"raw": raw})
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationError(
                "« %(raw)s » est décimal : un effectif est un nombre entier.", code="decimal", params={"raw": raw}
            )
        text = str(int(raw))
    else:
        text = SPACES.sub("", str(raw or ""))
    word = text.lower()
    if word in (ValueKind.NC, ValueKind.NE):
        return word, None
    if not text:
        raise ValidationError("Valeur vide : indiquez un nombre, « nc » ou « ne ».", code="empty")
    if re.fullmatch(r"-\d+([.,]\d+)?", text):
        raise ValidationError(
            "« %(raw)s » est négatif : un effectif ne peut pas l'être.", code="negative", params={"raw": raw}
        )
    if re.fullmatch(r"\d+[.,]0+", text):
        text = re.split(r"[.,]", text)[0]
    if re.fullmatch(r"\d+[.,]\d+", text):
        raise ValidationError(
            "« %(raw)s » est décimal : un effectif est un nombre entier.", code="decimal", params={"raw": raw}
        )
    if not text.isdigit():
        raise ValidationError(
            "« %(raw)s » n'est ni un nombre entier, ni « nc », ni « ne ».", code="invalid", params={"raw": raw}
        )
    number = int(text)
    if number >= MAX_NUMBER:
        raise ValidationError("« %(raw)s » est trop grand.", code="too_large", params={"raw": raw})
    return ValueKind.NUMBER.value, number


def display(kind, number):
    return str(number) if kind == ValueKind.NUMBER else kind


@lru_cache(maxsize=65536)
def figure(raw):
    """parse_value as an import column's parser (essaim/imports/parsers.py): cached, since a
    file repeats the same few figures."""
    return parse_value(raw)
