"""What the evaluation asks of each person, for the to-do page (core/todo.py).

- a structure member: the figures its campaigns still expect, with their deadlines, and the
  values an evaluator returned for correction;
- an evaluator or the team: the figures structures transmitted, waiting for review, and the
  anomalies to examine;
- a porteur: its innovations' structures late in a campaign;
- the team: each running campaign with its late and missing structures.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format

from essaim.accounts.perms import (
    is_innovator,
    is_programme_team,
    is_structure_member,
    member_structure_ids,
    sees_everything,
)
from essaim.core.todo import DUE, INFO, LATE, WAITING, Item
from essaim.evaluation import campaign_progress
from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.enums import ValidationState
from essaim.evaluation.models import Value
from essaim.evaluation.rules import Violation
from essaim.innovations.models import Innovation
from essaim.swarming.models import Adoption

FIGURES_DUE = "Chiffres à transmettre"
TO_CORRECT = "Valeurs à corriger"
TO_REVIEW = "Chiffres transmis à valider"
ANOMALIES = "Anomalies à examiner"
LATE_STRUCTURES = "Structures en retard"
CAMPAIGNS = "Campagnes de collecte"
SOON = timedelta(days=7)


def items(user, today):
    found = []
    if is_structure_member(user):
        found += figures_due(user, today) + returned(user)
    if sees_everything(user):
        found += submitted() + anomalies()
    if is_innovator(user):
        found += late_for_porteur(user, today)
    if is_programme_team(user):
        found += running_campaigns(today)
    return found


def day(value):
    return date_format(value, "j F Y")


def tone(deadline, today):
    if today > deadline:
        return LATE
    return DUE if deadline - today <= SOON else WAITING


def entry_url(adoption_id, period_end):
    return f"{reverse('evaluation:entry', args=[adoption_id])}?periode={period_end.isoformat()}"


def adoption_ids(pairs):
    """(innovation id, structure id) → adoption id, in one query."""
    wanted = defaultdict(set)
    for innovation_id, structure_id in pairs:
        wanted[innovation_id].add(structure_id)
    found = {}
    for pk, innovation_id, structure_id in Adoption.objects.filter(innovation_id__in=list(wanted)).values_list(
        "pk", "innovation_id", "structure_id"
    ):
        if structure_id in wanted[innovation_id]:
            found[innovation_id, structure_id] = pk
    return found


def running(today):
    """The campaigns open or past their deadline but not locked yet."""
    campaigns = Campaign.objects.filter(opens_on__lte=today).select_related("innovation")
    return [c for c in campaigns.filter(deadline__gte=today - timedelta(days=366)) if today <= c.locks_on]


def figures_due(user, today):
    structures = member_structure_ids(user)
    found, units = [], []
    for campaign in running(today):
        for unit in campaign_progress.progress(campaign, today, structure_ids=structures).units:
            if unit.answered < unit.asked or unit.reviews[ValidationState.ENTERED]:
                units.append((campaign, unit))
    adoptions = adoption_ids((unit.innovation.pk, unit.structure.pk) for _, unit in units)
    for campaign, unit in units:
        if unit.answered < unit.asked:
            detail = f"{unit.answered} indicateur{'s' if unit.answered > 1 else ''} sur {unit.asked} renseignés"
            when = tone(campaign.deadline, today)
        else:
            detail = "Tout est saisi : il reste à transmettre"
            when = DUE if today <= campaign.deadline else LATE
        found.append(
            Item(
                FIGURES_DUE,
                f"{unit.innovation.name} — {unit.structure}, chiffres au {day(campaign.period_end)}",
                entry_url(adoptions[unit.innovation.pk, unit.structure.pk], campaign.period_end),
                f"{detail} · à rendre le {day(campaign.deadline)}",
                due=campaign.deadline,
                tone=when,
            )
        )
    return found


def grouped(values):
    """(innovation id, structure id, period end, count, last review) of `values`, by unit and period."""
    return list(
        values.values("innovation_id", "structure_id", "period_end")
        .annotate(count=Count("pk"))
        .order_by("period_end", "innovation_id", "structure_id")
        .values_list("innovation_id", "structure_id", "period_end", "count")
    )


def names(groups):
    innovations = Innovation.objects.in_bulk({g[0] for g in groups})
    adoptions = adoption_ids((g[0], g[1]) for g in groups)
    structures = {
        a.pk: a.structure for a in Adoption.objects.filter(pk__in=adoptions.values()).select_related("structure")
    }
    return innovations, adoptions, structures


def returned(user):
    values = Value.objects.filter(state=ValidationState.RETURNED, structure_id__in=member_structure_ids(user))
    groups = grouped(values)
    innovations, adoptions, structures = names(groups)
    found = []
    for innovation_id, structure_id, period_end, count in groups:
        adoption = adoptions[innovation_id, structure_id]
        found.append(
            Item(
                TO_CORRECT,
                f"{innovations[innovation_id].name} — {structures[adoption]}, chiffres au {day(period_end)}",
                entry_url(adoption, period_end),
                f"{count} valeur{'s' if count > 1 else ''} renvoyée{'s' if count > 1 else ''} avec une note",
                tone=DUE,
            )
        )
    return found


def submitted():
    groups = grouped(Value.objects.filter(state=ValidationState.SUBMITTED, structure__isnull=False))
    innovations, adoptions, structures = names(groups)
    found = []
    for innovation_id, structure_id, period_end, count in groups:
        adoption = adoptions[innovation_id, structure_id]
        found.append(
            Item(
                TO_REVIEW,
                f"{structures[adoption]} — {innovations[innovation_id].name}, chiffres au {day(period_end)}",
                entry_url(adoption, period_end),
                f"{count} valeur{'s' if count > 1 else ''} transmise{'s' if count > 1 else ''}",
            )
        )
    return found


def anomalies():
    count = Violation.objects.open().count()
    if not count:
        return []
    return [
        Item(
            ANOMALIES,
            f"{count} anomalie{'s' if count > 1 else ''} à examiner",
            reverse("evaluation:violations"),
            "Valeurs qui enfreignent une règle de contrôle, pas encore vérifiées",
        )
    ]


def late_for_porteur(user, today):
    carried = {i.pk: i for i in Innovation.objects.filter(porteur_id__in=member_structure_ids(user))}
    if not carried:
        return []
    adopters = set(Adoption.objects.filter(innovation_id__in=list(carried)).values_list("structure_id", flat=True))
    found = []
    for campaign in running(today):
        if campaign.innovation_id and campaign.innovation_id not in carried:
            continue
        for unit in campaign_progress.progress(campaign, today, structure_ids=adopters).units:
            if unit.innovation.pk not in carried or unit.state not in (
                campaign_progress.LATE,
                campaign_progress.MISSING,
            ):
                continue
            found.append(
                Item(
                    LATE_STRUCTURES,
                    f"{unit.structure} — {unit.innovation.name}",
                    reverse("evaluation:completeness", args=[unit.innovation.code]),
                    f"{campaign.title} : {unit.state_label}, {unit.answered} indicateurs sur {unit.asked}"
                    f" · échéance le {day(campaign.deadline)}",
                    due=campaign.deadline,
                    tone=LATE,
                )
            )
    return found


def running_campaigns(today):
    found = []
    for campaign in running(today):
        counts = campaign_progress.progress(campaign, today).counts
        behind = counts[campaign_progress.LATE] + counts[campaign_progress.MISSING]
        waiting = counts[campaign_progress.EXPECTED]
        parts = []
        if behind:
            parts.append(f"{behind} structure{'s' if behind > 1 else ''} en retard")
        if waiting:
            parts.append(f"{waiting} attendue{'s' if waiting > 1 else ''}")
        found.append(
            Item(
                CAMPAIGNS,
                f"{campaign.title} — {campaign.phase(today)}",
                reverse("evaluation:campaign", args=[campaign.pk]),
                (", ".join(parts) or "Toutes les structures ont répondu") + f" · échéance le {day(campaign.deadline)}",
                due=campaign.deadline,
                tone=LATE if behind else (INFO if not waiting else tone(campaign.deadline, today)),
            )
        )
    return found
