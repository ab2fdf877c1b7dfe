"""Entering one adoption's figures for one period: the grid behind the data-entry page.

All or nothing: every row is checked before anything is written. Concurrent edits never
silently overwrite each other: each row carries the version of the value it was read from,
and a row whose value changed meanwhile is refused.
"""

from dataclasses import dataclass
from dataclasses import field as default

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from essaim.evaluation.enums import Level, ValidationState
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import display, parse_value

NEW = "new"


def entry_indicators():
    return list(Indicator.objects.base().filter(levels__in=[Level.STRUCTURE, Level.BOTH]))


def version(value):
    return value.entered_at.isoformat() if value is not None else NEW


@dataclass
class EntryRow:
    indicator: Indicator
    value: Value | None
    raw: str = ""
    comment: str = ""
    token: str = NEW
    error: str = ""
    steps: list = default(default_factory=list)

    @property
    def field(self):
        return self.indicator.code


def grid_rows(adoption, period_end):
    values = {
        v.indicator_id: v
        for v in Value.objects.filter(
            innovation_id=adoption.innovation_id, structure_id=adoption.structure_id, period_end=period_end
        ).select_related("entered_by", "validated_by")
    }
    rows = []
    for indicator in entry_indicators():
        value = values.get(indicator.pk)
        rows.append(
            EntryRow(
                indicator=indicator,
                value=value,
                raw=value.display if value else "",
                comment=value.comment if value else "",
                token=version(value),
            )
        )
    return rows


def conflict_message(value):
    who = value.entered_by or "quelqu'un d'autre"
    when = date_format(timezone.localtime(value.entered_at), "SHORT_DATETIME_FORMAT")
    return (
        f"Modifiée par {who} le {when} pendant votre saisie : vérifiez la valeur actuelle puis enregistrez à nouveau."
    )


def save_grid(adoption, period_end, submitted, user, period_start=None):
    """submitted: {indicator code: (raw, comment, token)}. Returns (rows, number of changed
    values); when a row has an error nothing is written and the rows carry the errors."""
    try:
        return write_grid(adoption, period_end, submitted, user, period_start)
    except IntegrityError:
        # Two first entries of one cell at once: there was no value to lock, and the second
        # insert met the unique constraint. Nothing was written: read again, and the cell is
        # refused as changed meanwhile, as when one save follows the other.
        return write_grid(adoption, period_end, submitted, user, period_start)


def write_grid(adoption, period_end, submitted, user, period_start):
    rows = grid_rows(adoption, period_end)
    with transaction.atomic():
        current = {
            v.indicator_id: v
            for v in Value.objects.select_for_update().filter(
                innovation_id=adoption.innovation_id, structure_id=adoption.structure_id, period_end=period_end
            )
        }
        plan = []
        for row in rows:
            raw, comment, token = submitted.get(row.field, ("", "", NEW))
            row.raw, row.comment = raw.strip(), comment.strip()
            existing = current.get(row.indicator.pk)
            if token != version(existing):
                row.error = conflict_message(existing) if existing else "Cette valeur a été supprimée entre-temps."
                row.value, row.token = existing, version(existing)
                continue
            if not row.raw:
                if existing is not None:
                    row.error = "Une valeur est déjà enregistrée : indiquez « nc » si elle n'est pas communiquée."
                continue
            try:
                kind, number = parse_value(row.raw)
            except ValidationError as error:
                row.error = " ".join(error.messages)
                continue
            if existing and (existing.kind, existing.number, existing.comment) == (kind, number, row.comment):
                continue
            value = existing or Value(
                innovation_id=adoption.innovation_id,
                structure_id=adoption.structure_id,
                indicator=row.indicator,
                period_end=period_end,
            )
            value.kind, value.number, value.comment = kind, number, row.comment
            value.period_start = period_start if existing is None else value.period_start
            value.entered_by, value.entered_at = user, timezone.now()
            value.state, value.validated_by, value.validated_at = ValidationState.ENTERED, None, None
            try:
                value.full_clean()
            except ValidationError as error:
                row.error = " ".join(error.messages)
                continue
            plan.append((row, value))
        if any(row.error for row in rows):
            return rows, 0
        for row, value in plan:
            value._history_user = user
            value.save()
            row.value, row.token, row.raw = value, version(value), value.display
    return rows, len(plan)


class StaleValidation(Exception):
    """The figures changed since the page showed them: nothing is validated, submitted or
    returned; the message (French) names what changed, who changed it and when."""


# The values an evaluator reviews (validates, or returns one of them), and those a structure
# submits. A returned value waits for its correction: changing it brings it back to entered.
REVIEWED = (ValidationState.ENTERED, ValidationState.SUBMITTED)
SUBMITTED = (ValidationState.ENTERED,)


def period_values(adoption, period_end, states):
    return Value.objects.filter(
        innovation_id=adoption.innovation_id,
        structure_id=adoption.structure_id,
        period_end=period_end,
        state__in=states,
    )


def seen(rows, states=REVIEWED):
    """What the page shows of the values in `states`, sent back with the validation or the
    submission: each value's id and version (a later change, by any path, gives it another)."""
    waiting = [row.value for row in rows if row.value is not None and row.value.state in states]
    return ",".join(f"{value.pk}@{version(value)}" for value in sorted(waiting, key=lambda v: v.pk))


def read_seen(text):
    """{value id: version} from `seen`; None when the form carries nothing readable."""
    found = {}
    for part in (text or "").split(","):
        pk, _, shown = part.partition("@")
        if not pk.isdigit() or not shown:
            return None
        found[int(pk)] = shown
    return found or None


def changed_message(changed, nothing="Rien n'a été validé", again="validez à nouveau"):
    lines = []
    for value in changed:
        who = value.entered_by or "quelqu'un d'autre"
        when = date_format(timezone.localtime(value.entered_at), "SHORT_DATETIME_FORMAT")
        lines.append(f"« {value.indicator.label} » ({value.display}), saisie par {who} le {when}")
    return (
        f"{nothing} : des valeurs ont changé depuis l'affichage de la page — "
        + " ; ".join(lines)
        + f". Vérifiez-les, puis {again}."
    )


def take_seen(adoption, period_end, states, shown, nothing, again):
    """The values of this adoption and period in `states`, locked, if they are exactly those the
    page showed (`shown`, from `seen`) as it showed them; else StaleValidation. A value the page
    showed that left `states` meanwhile (validated by another evaluator) is simply not taken."""
    expected = read_seen(shown)
    if expected is None:
        raise StaleValidation(f"La page ne dit pas quelles valeurs vous avez vues : rechargez-la, puis {again}.")
    waiting = period_values(adoption, period_end, states).select_related("indicator", "entered_by")
    values = list(waiting.select_for_update(of=("self",)))
    changed = [value for value in values if expected.get(value.pk) != version(value)]
    if changed:
        raise StaleValidation(changed_message(changed, nothing, again))
    return values


def validate_period(adoption, period_end, user, shown):
    """An evaluator validates the values of this adoption and period waiting for review that the
    page showed them, all or none (`take_seen`). Returns how many."""
    with transaction.atomic():
        values = take_seen(adoption, period_end, REVIEWED, shown, "Rien n'a été validé", "validez à nouveau")
        now = timezone.now()
        for value in values:
            value.state, value.validated_by, value.validated_at = ValidationState.VALIDATED, user, now
            value._history_user = user
            value.save(update_fields=["state", "validated_by", "validated_at"])
    return len(values)


def submit_period(adoption, period_end, user, shown):
    """The structure transmits its entered values of this period (« je transmets »), those the
    page showed, all or none. A returned value not corrected yet stays returned. Returns how
    many were submitted."""
    with transaction.atomic():
        values = take_seen(adoption, period_end, SUBMITTED, shown, "Rien n'a été transmis", "transmettez à nouveau")
        for value in values:
            value.state, value._history_user = ValidationState.SUBMITTED, user
            value.save(update_fields=["state"])
    return len(values)


def return_value(adoption, period_end, user, value_id, shown_version, note):
    """An evaluator returns one value to its structure with a note saying what to correct. The
    page carries the version it showed: a value changed since is not returned (StaleValidation).
    ValueError (French) without a note or for a value that is not this adoption's and period's."""
    note = (note or "").strip()
    if not note:
        raise ValueError("Dites à la structure ce qu'il faut corriger : la note est obligatoire.")
    with transaction.atomic():
        value = (
            period_values(adoption, period_end, [*REVIEWED, ValidationState.VALIDATED])
            .select_related("indicator", "entered_by")
            .select_for_update(of=("self",))
            .filter(pk=value_id)
            .first()
        )
        if value is None:
            raise ValueError("Cette valeur n'est plus à revoir : rechargez la page.")
        if version(value) != shown_version:
            raise StaleValidation(changed_message([value], "Rien n'a été renvoyé", "renvoyez-la à nouveau"))
        value.state, value.validated_by, value.validated_at = ValidationState.RETURNED, user, timezone.now()
        value.review_note, value._history_user = note, user
        value.save(update_fields=["state", "validated_by", "validated_at", "review_note"])
    return value


@dataclass
class Step:
    """One step of a value's life as the entry page lists it."""

    at: object
    by: object
    state: str
    display: str
    comment: str
    note: str


def steps(values):
    """value id → its steps, oldest first, from the history (one query): a value never changed
    is its own first step."""
    found = {}
    history = Value.history.filter(id__in=[v.pk for v in values]).select_related("history_user")
    for row in history.order_by("history_date", "history_id"):
        if row.history_type == "-":
            continue
        found.setdefault(row.id, []).append(
            Step(
                row.history_date,
                row.history_user,
                ValidationState(row.state).label,
                display(row.kind, row.number),
                row.comment,
                row.review_note or "" if row.state == ValidationState.RETURNED else "",
            )
        )
    for value in values:
        if value.pk not in found:
            found[value.pk] = [
                Step(
                    value.entered_at,
                    value.entered_by,
                    ValidationState(value.state).label,
                    value.display,
                    value.comment,
                    "",
                )
            ]
    return found
