"""Evaluation plans: each innovation's three phases, by default about 6, 12 and 18 months after
the swarming training ends (dates editable), and where each innovation stands on a given day
(the method board)."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from essaim.grids.enums import PHASES, PhaseStatus
from essaim.grids.models import EvaluationPhase
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange

MONTHS_AFTER_TRAINING = {1: 6, 2: 12, 3: 18}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def training_end(innovation):
    """When the swarming training ended: the latest « formée » status of its adoptions."""
    latest = (
        StatusChange.objects.filter(adoption__innovation=innovation, status=AdoptionStatus.TRAINED)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    return latest


def default_dates(end):
    return {number: add_months(end, months) for number, months in MONTHS_AFTER_TRAINING.items()}


def plan_of(innovation):
    """{phase number: EvaluationPhase or None} for the three phases."""
    found = {p.number: p for p in EvaluationPhase.objects.filter(innovation=innovation)}
    return {number: found.get(number) for number in PHASES}


@transaction.atomic
def create_plan(innovation, end, user=None):
    """Add the missing phases, dated 6, 12 and 18 months after `end`; return how many."""
    existing = set(EvaluationPhase.objects.filter(innovation=innovation).values_list("number", flat=True))
    created = 0
    for number, planned_on in default_dates(end).items():
        if number in existing:
            continue
        phase = EvaluationPhase(innovation=innovation, number=number, planned_on=planned_on, updated_by=user)
        if user is not None:
            phase._history_user = user
        phase.full_clean()
        phase.save()
        created += 1
    return created


@dataclass
class Standing:
    """Where an innovation stands in its plan on a day."""

    planned: int  # phases in the plan
    delivered: int  # reports delivered by that day
    next_number: int | None = None
    next_on: date | None = None
    next_started: bool = False

    @property
    def complete(self):
        return self.next_number is None


def delivered_by(phase, day):
    if phase.status != PhaseStatus.DELIVERED:
        return False
    return (phase.delivered_on or phase.planned_on) <= day


def standings(day=None):
    """{innovation id: Standing} for every innovation with a plan, as of `day` (today by default).
    A report counts as delivered from its delivery date (its phase's date when unknown)."""
    day = day or timezone.localdate()
    phases = {}
    for phase in EvaluationPhase.objects.order_by("innovation_id", "number"):
        phases.setdefault(phase.innovation_id, []).append(phase)
    found = {}
    for innovation_id, plan in phases.items():
        done = [p for p in plan if delivered_by(p, day)]
        waiting = [p for p in plan if p not in done]
        standing = Standing(planned=len(plan), delivered=len(done))
        if waiting:
            first = waiting[0]
            standing.next_number, standing.next_on = first.number, first.planned_on
            standing.next_started = first.planned_on <= day
        found[innovation_id] = standing
    return found
