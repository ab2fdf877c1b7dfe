"""The embedded evaluation's work for the to-do page: the phase reports due within a month or
late (evaluators and the team), and the grids a structure member can fill while a phase runs."""

from datetime import timedelta

from django.urls import reverse

from essaim.accounts.perms import is_structure_member, member_structure_ids, sees_everything
from essaim.core.todo import DUE, LATE, WAITING, Item
from essaim.grids.enums import PhaseStatus
from essaim.grids.models import EvaluationPhase
from essaim.swarming.models import Adoption

REPORTS = "Rapports de phase"
GRIDS = "Grilles d'évaluation à remplir"
AHEAD = timedelta(days=31)


def items(user, today):
    found = []
    if sees_everything(user):
        due = EvaluationPhase.objects.exclude(status=PhaseStatus.DELIVERED).filter(planned_on__lte=today + AHEAD)
        for phase in due.select_related("innovation").order_by("planned_on", "pk"):
            late = phase.planned_on < today
            when = f"{'Attendu depuis' if late else 'Prévu'} le {phase.planned_on:%d/%m/%Y}"
            found.append(
                Item(
                    REPORTS,
                    f"{phase.innovation.name} — phase {phase.number}",
                    reverse("grids:plan", args=[phase.innovation.code]),
                    f"{when} · {phase.get_status_display()}",
                    due=phase.planned_on,
                    tone=LATE if late else DUE,
                )
            )
    if is_structure_member(user):
        innovations = Adoption.objects.filter(structure_id__in=member_structure_ids(user)).values("innovation_id")
        running = EvaluationPhase.objects.filter(status=PhaseStatus.IN_PROGRESS, innovation_id__in=innovations)
        for phase in running.select_related("innovation").order_by("planned_on", "pk"):
            found.append(
                Item(
                    GRIDS,
                    f"{phase.innovation.name} — phase {phase.number}",
                    reverse("grids:entry", args=[phase.innovation.code]),
                    "La phase d'évaluation est en cours : notez chaque élément de la grille",
                    tone=WAITING,
                )
            )
    return found
