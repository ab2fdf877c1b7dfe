"""Entering one adoption's figures for one period: the grid behind the data-entry page.

All or nothing: every row is checked before anything is written. Concurrent edits never
silently overwrite each other: each row carries the version of the value it was read from,
and a row whose value changed meanwhile is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from essaim.evaluation.enums import Level, ValidationState
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import parse_value

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
            value.save()
            row.value, row.token, row.raw = value, version(value), value.display
    return rows, len(plan)


def validate_period(adoption, period_end, user):
    """An evaluator validates every entered value of this adoption and period."""
    values = Value.objects.filter(
        innovation_id=adoption.innovation_id,
        structure_id=adoption.structure_id,
        period_end=period_end,
        state=ValidationState.ENTERED,
    )
    count = 0
    for value in values:
        value.state, value.validated_by, value.validated_at = ValidationState.VALIDATED, user, timezone.now()
        value.save(update_fields=["state", "validated_by", "validated_at"])
        count += 1
    return count
