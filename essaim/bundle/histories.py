"""The step or status a bundle row states, turned into a history entry when needed.

The bundle carries the current state only. On import: if the record has no history yet, the
state is recorded (dated `first_on`: the import day for an innovation's step, `since` for an
adoption's status); if it has one and its current state differs, a new entry dated the import
day is appended; otherwise nothing is written. A row that dates its state (`status_on` of
adoptions.csv) dates the entry that day instead, in either case. Entries go through
`core.history.record`, so the rules of dated histories hold (never in the future, never before
the latest entry).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from essaim.core.history import record
from essaim.imports.validation import report


@dataclass
class PendingEntry:
    row: int
    parent: object
    state: str
    on: object
    on_column: str | None = None  # the column that dated the entry, if the row did


def report_entry(error, spec, row, errors, *, column, on_column):
    """An entry's errors: on its date's column when the row dated it, else on `column`."""
    if on_column is None or not hasattr(error, "error_dict"):
        report(error, spec, row, errors, column=column)
        return
    for field, messages in error.message_dict.items():
        errors.add(spec.name, row, on_column if field == "on" else column, " ".join(messages))


def plan_entry(
    entry_model,
    parent,
    state,
    *,
    has_history,
    first_on,
    today,
    spec,
    row,
    column,
    errors,
    date_column=None,
    on=None,
    on_column=None,
):
    """The entry a row asks for (None when the state is already current), validated as the
    model will validate it; errors go on `column`. `on`: the date the row gives to the state
    (read from `on_column`), else the entry is dated as the module says."""
    if has_history and getattr(parent, entry_model.state_field) == state:
        return None
    if on is None:
        on = today if has_history else first_on
        on_column = None
    else:
        date_column = on_column
    if on is None:
        return None
    entry = entry_model(**{entry_model.parent_field: parent, entry_model.state_field: state}, on=on)
    if parent.pk is None:
        # DatedEntry.clean checks dates against the parent's saved entries; a new parent has
        # none, so only the "not in the future" rule applies.
        if on > today:
            day = date_format(on, "SHORT_DATE_FORMAT")
            message = f"la date du {day} est dans le futur : l'historique ne peut pas l'être."
            errors.add(spec.name, row, date_column or column, message)
            return None
    else:
        try:
            entry.full_clean(exclude=[entry_model.parent_field, "source", "recorded_by"])
        except ValidationError as error:
            report_entry(error, spec, row, errors, column=column, on_column=on_column)
            return None
    return PendingEntry(row, parent, state, on, on_column)


def write_entry(entry_model, pending, *, user, spec, column, errors):
    try:
        record(entry_model, pending.parent, pending.state, pending.on, user=user)
    except ValidationError as error:
        report_entry(error, spec, pending.row, errors, column=column, on_column=pending.on_column)
