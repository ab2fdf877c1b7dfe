"""Pseudonyms: a structure's own reference for a person becomes a keyed hash, never stored.

pseudonym = HMAC-SHA-256(PSEUDONYM_KEY, "<structure id>:<normalised reference>"), in hexadecimal.

- Without the key, nobody can go back from a pseudonym to a reference, nor test a guess (a plain
  hash of a reference could be reversed by hashing every likely reference; a keyed one cannot).
- The same reference at the same structure gives the same pseudonym: the same person. The same
  reference at another structure gives another pseudonym: structures cannot link their files.
- The reference is normalised first (spaces trimmed and collapsed, upper case), so that « ab 12 »
  and « AB 12 » are one person.

Pseudonymised data are still personal data (CNIL): the key must stay private, and changing it
orphans every pseudonym (a reference would then give a new person).
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_REFERENCE = 100
SPACES = re.compile(r"\s+")
PSEUDONYM = re.compile(r"[0-9a-f]{64}")
SHOWN = 10  # characters of the pseudonym shown as the person's alias
# What a reference must not be, because it identifies the person outside the structure: a
# social-security number (NIR: sex, year, month, département — 2A/2B for Corsica —, commune,
# order, with or without its key; spaces ignored), an e-mail address, or a name (words of letters
# only, at least two: « MARIE DUPONT »; a single word is taken for a code).
NIR = re.compile(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}(?:\d{2})?")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]{2,}")
NAME = re.compile(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*")  # with a space between two of them


def normalise(reference):
    return SPACES.sub(" ", (reference or "").strip()).upper()


def pseudonym(structure_id, reference, key=None):
    """The pseudonym of `reference` at the structure `structure_id`."""
    reference = normalise(reference)
    if not reference:
        raise ValueError("référence vide")
    secret = (key if key is not None else settings.PSEUDONYM_KEY).encode()
    message = f"{int(structure_id)}:{reference}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def alias(value):
    """How a pseudonym is shown: its first characters, enough to tell people apart in a list."""
    return value[:SHOWN]


def check_reference(raw):
    """The reference as typed: required, at most MAX_REFERENCE characters. Messages never repeat
    it, so that it appears in no page, log or error report."""
    reference = normalise(raw)
    if not reference:
        raise ValidationError("référence vide : indiquez la référence de la personne dans votre structure.")
    if len(reference) > MAX_REFERENCE:
        raise ValidationError(f"référence trop longue ({MAX_REFERENCE} caractères au plus).")
    if NIR.fullmatch(reference.replace(" ", "")):
        raise ValidationError(
            "cette référence ressemble à un numéro de sécurité sociale : utilisez le numéro de dossier "
            "de la personne dans votre structure, jamais son NIR."
        )
    if EMAIL.search(reference):
        raise ValidationError(
            "cette référence ressemble à une adresse électronique : utilisez le numéro de dossier de la "
            "personne dans votre structure."
        )
    if " " in reference and NAME.fullmatch(reference):
        raise ValidationError(
            "cette référence ressemble à un nom (des mots sans chiffre) : utilisez le numéro de dossier "
            "de la personne dans votre structure, jamais son nom."
        )
    return reference
