"""Selecting structures from an AMI. Selecting a structure creates its adoption of the innovation
(or takes up the one it already has): `candidate`, dated the day it applied, then `selected`,
dated the day of the selection, both through core.history.record. Undoing a selection appends
a `candidate` entry: the history keeps the selection and its withdrawal. Each function checks,
then writes everything in one transaction, or raises a ValidationError in French and writes
nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.activities.enums import ApplicationStatus
from essaim.core.history import record
from essaim.imports.writing import save
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange

# An adoption in any of these is under way: selecting the structure again has nothing to do.
ALREADY_ADOPTED = {
    AdoptionStatus.SELECTED,
    AdoptionStatus.TRAINED,
    AdoptionStatus.CONSIDERING,
    AdoptionStatus.IMPLEMENTING,
    AdoptionStatus.ADAPTED,
}


def check_day(application, on):
    if on > timezone.localdate():
        raise ValidationError({"on": "La date de la décision ne peut pas être dans le futur."})
    if on < application.applied_on:
        raise ValidationError({"on": "La décision ne peut pas précéder la candidature de la structure."})


def select(application, on, *, user=None, note=""):
    if application.status == ApplicationStatus.SELECTED:
        raise ValidationError("Cette structure est déjà retenue.")
    check_day(application, on)
    call = application.call
    adoption = Adoption.objects.filter(innovation=call.innovation, structure=application.structure).first()
    if adoption is not None and adoption.status in ALREADY_ADOPTED:
        raise ValidationError(
            f"{application.structure} a déjà adopté l'innovation (statut « {adoption.get_status_display()} ») : "
            "il n'y a rien à retenir."
        )
    with transaction.atomic():
        if adoption is None:
            adoption = Adoption(
                innovation=call.innovation,
                structure=application.structure,
                since=application.applied_on,
                wave=call.wave or str(on.year),
            )
            adoption.full_clean(exclude=["innovation", "structure", "source"])
            save(adoption, user=user)
        if not adoption.status_changes.exists():
            record(
                StatusChange,
                adoption,
                AdoptionStatus.CANDIDATE,
                application.applied_on,
                note=f"Candidature à « {call} »"[:300],
                user=user,
            )
        record(
            StatusChange,
            adoption,
            AdoptionStatus.SELECTED,
            on,
            note=(note or f"Retenue à l'issue de « {call} »")[:300],
            user=user,
        )
        application.status = ApplicationStatus.SELECTED
        application.decided_on = on
        application.adoption = adoption
        application.save(update_fields=["status", "decided_on", "adoption"])
    return adoption


def decline(application, on, *, user=None, note=""):
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError("Seule une candidature en attente peut être déclarée non retenue.")
    check_day(application, on)
    application.status = ApplicationStatus.DECLINED
    application.decided_on = on
    if note:
        application.note = note[:300]
    application.save(update_fields=["status", "decided_on", "note"])


def undo(application, on, *, user=None, note=""):
    """Back to « reçue ». A selected structure's adoption goes back to `candidate` by a new dated
    entry; nothing is deleted."""
    if application.status == ApplicationStatus.PENDING:
        raise ValidationError("Cette candidature n'a pas encore de décision : il n'y a rien à annuler.")
    with transaction.atomic():
        if application.status == ApplicationStatus.SELECTED and application.adoption is not None:
            adoption = application.adoption
            if adoption.status != AdoptionStatus.SELECTED:
                raise ValidationError(
                    f"L'essaimage est déjà « {adoption.get_status_display()} » : la sélection ne s'annule plus ; "
                    "changez plutôt son statut."
                )
            if on > timezone.localdate():
                raise ValidationError({"on": "La date de la décision ne peut pas être dans le futur."})
            record(
                StatusChange,
                adoption,
                AdoptionStatus.CANDIDATE,
                on,
                note=(note or "Sélection annulée")[:300],
                user=user,
            )
        application.status = ApplicationStatus.PENDING
        application.decided_on = None
        application.save(update_fields=["status", "decided_on"])
