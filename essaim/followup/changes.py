"""What was changed in a person's file: their history rows read back as who, when, what, before
and after (the history begins at a record's first change, `core.first_change`)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats, timezone

from essaim.followup.models import Beneficiary, Enrolment, Situation


@dataclass
class Change:
    at: datetime
    user: object
    what: str
    fields: list = field(default_factory=list)  # [(label, before, after)]


def shown(model_field, value):
    """A value as the pages show it: choice labels, oui/non, French dates, « — » for nothing."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    return str(value)


def described(model, record, innovations):
    if model is Beneficiary:
        return "Personne"
    if model is Enrolment:
        return f"Entrée dans {innovations.get(record.innovation_id, '?')} du {record.entered_on:%d/%m/%Y}"
    return f"Situation du {record.on:%d/%m/%Y}"


def changes(beneficiary):
    """[Change] of `beneficiary`, its entries and situations, newest first."""
    enrolments = list(beneficiary.enrolments.select_related("innovation"))
    innovations = {e.innovation_id: e.innovation.name for e in enrolments}
    histories = [
        (Beneficiary, Beneficiary.history.filter(id=beneficiary.pk)),
        (Enrolment, Enrolment.history.filter(beneficiary_id=beneficiary.pk)),
        (Situation, Situation.history.filter(enrolment_id__in=[e.pk for e in enrolments])),
    ]
    found = []
    for model, history in histories:
        previous = {}
        tracked = {f.attname for f in history.model.tracked_fields}
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type != "~" or before is None:
                continue
            fields = [
                (f.verbose_name, shown(f, getattr(before, f.attname)), shown(f, getattr(record, f.attname)))
                for f in model._meta.concrete_fields
                if f.attname in tracked and getattr(before, f.attname) != getattr(record, f.attname)
            ]
            if fields:
                found.append(
                    Change(record.history_date, record.history_user, described(model, record, innovations), fields)
                )
    return sorted(found, key=lambda change: change.at, reverse=True)
