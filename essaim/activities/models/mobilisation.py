from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from essaim.activities.enums import ApplicationStatus
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


class CommitteeMember(InProgramme):
    """A member of a steering committee: an innovation's operational steering committee (comité
    de pilotage opérationnel), or, without innovation, the programme's steering committee, which
    also selects the innovations. An organisation, and the person who represents it when known."""

    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="committee_members",
        help_text="Vide pour le comité de pilotage du programme.",
    )
    organisation = models.CharField("organisation", max_length=200)
    person = models.CharField("personne", max_length=150, blank=True)
    function = models.CharField("rôle au comité", max_length=200, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    programme = programme_field(related_name="committee_members")
    objects = scoped_manager("programme")
    programme_from = "innovation"

    class Meta:
        verbose_name = "membre d'un comité de pilotage"
        verbose_name_plural = "membres des comités de pilotage"
        ordering = ["innovation", "organisation", "person"]

    def __str__(self):
        return f"{self.organisation}{f' ({self.person})' if self.person else ''}"


class CommitteeMeeting(models.Model):
    """A meeting of the operational steering committee, with its notes."""

    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        on_delete=models.CASCADE,
        related_name="committee_meetings",
    )
    held_on = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)
    notes = models.TextField("relevé de décisions", blank=True)
    date_note = models.CharField("précision sur la date", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "réunion du comité de pilotage opérationnel"
        verbose_name_plural = "réunions du comité de pilotage opérationnel"
        ordering = ["innovation", "held_on", "id"]

    def __str__(self):
        return f"Comité de pilotage du {self.held_on:%d/%m/%Y}"


class StructureCall(models.Model):
    """A call for expressions of interest (appel à manifestation d'intérêt, AMI) inviting
    structures to adopt an innovation."""

    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.CASCADE, related_name="structure_calls"
    )
    title = models.CharField("titre", max_length=200)
    description = models.TextField("ce qui est attendu des structures", blank=True)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture des candidatures", null=True, blank=True)
    selection_on = models.DateField("sélection", null=True, blank=True)
    wave = models.CharField(
        "vague", max_length=40, blank=True, help_text="Vague des essaimages créés, par exemple « 2018 »."
    )
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "appel à manifestation d'intérêt"
        verbose_name_plural = "appels à manifestation d'intérêt"
        ordering = ["innovation", "opens_on", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "La clôture des candidatures ne peut pas précéder l'ouverture de l'appel."
        if self.opens_on and self.selection_on and self.selection_on < self.opens_on:
            errors["selection_on"] = "La sélection ne peut pas précéder l'ouverture de l'appel."
        if errors:
            raise ValidationError(errors)


class Application(models.Model):
    """A structure's application to an AMI. Selecting it creates (or moves) the adoption of the
    innovation by the structure; see activities/selection.py."""

    call = models.ForeignKey(StructureCall, verbose_name="appel", on_delete=models.CASCADE, related_name="applications")
    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="ami_applications"
    )
    applied_on = models.DateField("candidature reçue le")
    motivation = models.TextField("motivation", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING, editable=False
    )
    decided_on = models.DateField("décidée le", null=True, blank=True, editable=False)
    adoption = models.ForeignKey(
        "swarming.Adoption",
        verbose_name="essaimage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        editable=False,
    )
    note = models.CharField("note", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("saisie le", default=timezone.now, editable=False)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager("call__innovation__programme")

    class Meta:
        verbose_name = "candidature à un AMI"
        verbose_name_plural = "candidatures aux AMI"
        ordering = ["call", "structure__sort_name", "structure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "structure"],
                name="unique_ami_application",
                violation_error_message="Cette structure a déjà candidaté à cet appel.",
            )
        ]

    def __str__(self):
        return f"{self.structure} — {self.call}"

    def clean(self):
        super().clean()
        if self.applied_on and self.applied_on > timezone.localdate():
            raise ValidationError({"applied_on": "La date de candidature ne peut pas être dans le futur."})
        if self.applied_on and self.call_id and self.call.opens_on and self.applied_on < self.call.opens_on:
            raise ValidationError({"applied_on": "La candidature ne peut pas précéder l'ouverture de l'appel."})
