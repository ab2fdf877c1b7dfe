"""The two tables of a follow-up upload, « personnes » and « situations », as file specs of the
project's import framework (docs/imports.md), and the parsers of their cells.

The `reference` column holds the structure's own reference for the person: it is turned into its
pseudonym as the cell is parsed and never kept. No message repeats it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.followup.enums import AgeBand, Arm, DurationBand, Milestone, Sex, SubType
from essaim.followup.pseudonym import PSEUDONYM, check_reference, pseudonym
from essaim.imports import parsers
from essaim.imports.spec import MISSING, Column, FileSpec

PEOPLE, SITUATIONS = "personnes", "situations"
# The headers of the files a structure fills in (`template.py`); the import also reads a column
# by its name (the headers of templates downloaded before these).
LABELS = {
    "reference": "référence",
    "innovation": "innovation",
    "entered_on": "date d'entrée",
    "sex": "sexe",
    "birth_year": "année de naissance",
    "age_band": "tranche d'âge",
    "duration_band": "ancienneté",
    "neet": "NEET",
    "sheltered": "hébergé",
    "rqth": "RQTH",
    "qpv": "QPV",
    "rsa": "RSA",
    "group": "groupe",
    "date": "date",
    "milestone": "échéance",
    "subtype": "situation",
    "contract_months": "durée du contrat (mois)",
}
TRUE_WORDS = {"oui", "o", "1", "vrai", "true", "x", "yes"}
FALSE_WORDS = {"non", "n", "0", "faux", "false", "no"}


def yes_no(raw):
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    raise ValidationError(f"« {raw[:20]} » : répondez « oui » ou « non ».")


def whole_number(low, high, what):
    def parse(raw):
        try:
            number = int(raw)
        except ValueError:
            raise ValidationError(f"{what} : un nombre entier est attendu.") from None
        if not low <= number <= high:
            raise ValidationError(f"{what} : entre {low} et {high}.")
        return number

    return parse


def choice_or_label(enum, what):
    """A code of `enum`, or its French label (as people type it), case-insensitive."""
    codes = {c.value.lower(): c.value for c in enum} | {c.label.lower(): c.value for c in enum}
    listed = ", ".join(c.value for c in enum)

    def parse(raw):
        found = codes.get(raw.strip().lower())
        if found is None:
            if not raw:
                raise ValidationError(MISSING)
            raise ValidationError(f"{what} inconnu (codes possibles : {listed}).")
        return found

    return parse


def reference_parser(structure, pseudonymised):
    """The `reference` column: the pseudonym of the reference (the waiting copy already holds
    pseudonyms)."""

    def parse(raw):
        if pseudonymised:
            if not PSEUDONYM.fullmatch(raw):
                raise ValidationError("pseudonyme illisible.")
            return raw
        return pseudonym(structure.pk, check_reference(raw))

    return parse


def people_spec(name, structure, innovations, pseudonymised=False):
    innovation = parsers.lookup(
        innovations,
        "innovation inconnue « {} » ou non adoptée par votre structure (codes : "
        + (", ".join(sorted(innovations)) or "aucun")
        + ").",
    )
    return FileSpec(
        name,
        (
            Column("reference", reference_parser(structure, pseudonymised), required=True, blank=False),
            Column("innovation", innovation, required=True, blank=False),
            Column("entered_on", parsers.iso_date, required=True, blank=False),
            Column("sex", choice_or_label(Sex, "sexe"), default=Sex.UNKNOWN),
            Column("birth_year", whole_number(1900, timezone.localdate().year, "année de naissance"), default=None),
            Column("age_band", choice_or_label(AgeBand, "tranche d'âge"), default=None),
            Column("duration_band", choice_or_label(DurationBand, "ancienneté"), required=True, blank=False),
            Column("neet", yes_no, default=False),
            Column("sheltered", yes_no, default=False),
            Column("rqth", yes_no, default=False),
            Column("qpv", yes_no, default=False),
            Column("rsa", yes_no, default=False),
            Column("group", choice_or_label(Arm, "groupe"), default=Arm.INNOVATION),
        ),
        key=(),
        labels=LABELS,
    )


def situations_spec(name, structure, innovations, pseudonymised=False):
    innovation = parsers.lookup(innovations, "innovation inconnue « {} » ou non adoptée par votre structure.")
    return FileSpec(
        name,
        (
            Column("reference", reference_parser(structure, pseudonymised), required=True, blank=False),
            Column("innovation", innovation, required=True, blank=False),
            Column("date", parsers.iso_date, required=True, default=None),
            Column("milestone", choice_or_label(Milestone, "échéance"), default=Milestone.OTHER),
            Column("subtype", choice_or_label(SubType, "situation"), required=True, blank=False),
            Column("contract_months", whole_number(1, 600, "durée du contrat (mois)"), default=None),
        ),
        key=(),
        labels=LABELS,
    )
