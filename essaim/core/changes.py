"""A record's history as people read it: each change with its date, who made it, why, and each
field before and after (django-simple-history's rows, compared in turn). The caller names the
fields and how each reads in French."""

from dataclasses import dataclass, field

from django.utils.formats import number_format

KINDS = {"+": "Création", "~": "Modification", "-": "Suppression"}
NOTHING = "—"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    is_code: bool = False  # shown as a code badge


@dataclass
class Change:
    kind: str
    when: object
    who: object
    reason: str
    fields: list = field(default_factory=list)


def text(value):
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return str(value)


def changes(records, fields):
    """The changes of `records` (one record's history rows), newest first; `fields`: [(name,
    label, record → value)]."""
    found, previous = [], None
    for record in sorted(records, key=lambda r: r.history_id):
        reason = record.history_change_reason or ""
        change = Change(KINDS[record.history_type], record.history_date, record.history_user, reason)
        if record.history_type != "-":
            for name, label, read in fields:
                after = text(read(record))
                before = text(read(previous)) if previous is not None else NOTHING
                if previous is None and after == NOTHING:
                    continue
                if after != before:
                    change.fields.append(FieldChange(label, before, after, is_code=name == "code"))
        found.append(change)
        previous = record
    return found[::-1]
