"""The selection committee's decision on a candidate. A selected candidate becomes an
innovation: it enters the method at identification (the day its application was received) and
moves to the feasibility study the day of the committee, through core.history.record; its
feasibility study is opened. All of it is written in one transaction, or nothing."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.calls.enums import Outcome, StudyStatus
from essaim.calls.models import Decision, FeasibilityStudy
from essaim.core.history import record
from essaim.imports.writing import save
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange


def suggested_code(name):
    """An innovation code from a project name: « Rallyes pour l'emploi » → « RALLYES-POUR-L-EMPLOI »."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", plain.upper()).strip("-")[:40].strip("-")


def new_innovation(candidate, code, name, decided_on):
    return Innovation(
        code=code,
        name=name,
        porteur=candidate.porteur,
        description=candidate.description,
        target_public=candidate.target_public[:300],
        entered_on=decided_on,
    )


def decide(candidate, outcome, decided_on, minutes="", *, user=None, code="", name="", source=None):
    """Record the decision; for a selection, create the innovation. Raise ValidationError
    (keyed on outcome, decided_on, code, name) and write nothing otherwise."""
    if candidate.outcome == Outcome.SELECTED:
        raise ValidationError(
            {"outcome": f"Ce projet est déjà retenu : il est devenu l'innovation {candidate.innovation}."}
        )
    decision = Decision(
        candidate=candidate, outcome=outcome, decided_on=decided_on, minutes=minutes, recorded_by=user, source=source
    )
    decision.full_clean()
    innovation = None
    if outcome == Outcome.SELECTED:
        if not code:
            raise ValidationError({"code": "Donnez le code de la nouvelle innovation, par exemple « VITA-AIR »."})
        innovation = new_innovation(candidate, code, name or candidate.project_name, decided_on)
        innovation.full_clean(exclude=["porteur"])
    with transaction.atomic():
        decision.save()
        if innovation is not None:
            save(innovation, user=user)
            note = f"Candidature à l'{candidate.call}"
            identified = candidate.submitted_on or decided_on
            record(StepChange, innovation, Step.IDENTIFICATION, identified, note=note, user=user)
            note = f"Retenue par le comité de sélection du {decided_on:%d/%m/%Y}"
            record(StepChange, innovation, Step.FEASIBILITY, decided_on, note=note, user=user)
            FeasibilityStudy.objects.create(
                innovation=innovation, status=StudyStatus.IN_PROGRESS, started_on=decided_on
            )
            candidate.innovation = innovation
            candidate.save(update_fields=["innovation"])
    return decision
