from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from essaim.calls.enums import Assessment, CallStatus, EvidenceLevel, Outcome
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


class Call(InProgramme):
    """An annual call for projects (appel à projets): dates, what it looks for, its rubric."""

    year = models.PositiveSmallIntegerField(
        "année",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    title = models.CharField("titre", max_length=200)
    description = models.TextField("objet et critères", blank=True)
    opens_on = models.DateField("ouverture des candidatures", null=True, blank=True)
    closes_on = models.DateField("clôture des candidatures", null=True, blank=True)
    committee_on = models.DateField("comité de sélection", null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    programme = programme_field(related_name="calls")
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "appel à projets"
        verbose_name_plural = "appels à projets"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="unique_call_year",
                violation_error_message="Un appel à projets existe déjà pour cette année.",
            ),
        ]

    def __str__(self):
        return self.title or f"Appel à projets {self.year}"

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "La clôture des candidatures ne peut pas précéder leur ouverture."
        if self.closes_on and self.committee_on and self.committee_on < self.closes_on:
            errors["committee_on"] = "Le comité de sélection ne peut pas se réunir avant la clôture des candidatures."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status == CallStatus.OPEN


class Criterion(models.Model):
    """One line of a call's rubric: reviewers give it a whole score from 0 to `max_score`."""

    call = models.ForeignKey(Call, verbose_name="appel", on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("ordre", default=1)
    label = models.CharField("critère", max_length=150)
    guidance = models.CharField("ce qui est regardé", max_length=500, blank=True)
    max_score = models.PositiveSmallIntegerField(
        "note maximale",
        default=5,
        validators=[
            MinValueValidator(1, "La note maximale est au moins 1."),
            MaxValueValidator(20, "La note maximale est au plus 20."),
        ],
    )

    objects = scoped_manager("call__programme")

    class Meta:
        verbose_name = "critère"
        ordering = ["call", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "label"],
                name="unique_call_criterion",
                violation_error_message="Ce critère figure déjà dans la grille de cet appel.",
            )
        ]

    def __str__(self):
        return f"{self.label} (sur {self.max_score})"


class Candidate(models.Model):
    """An application to a call: the project, what it achieved, and the team's pre-selection."""

    call = models.ForeignKey(Call, verbose_name="appel", on_delete=models.CASCADE, related_name="candidates")
    porteur = models.ForeignKey(
        "organizations.Structure", verbose_name="porteur", on_delete=models.CASCADE, related_name="candidacies"
    )
    project_name = models.CharField("nom du projet", max_length=200)
    description = models.TextField("description", blank=True)
    target_public = models.CharField("public visé", max_length=300, blank=True)
    small_scale_results = models.TextField("résultats obtenus à petite échelle", blank=True)
    impact_evidence = models.TextField("preuves d'impact", blank=True)
    formalised_process = models.TextField("processus de mise en œuvre formalisé", blank=True)
    transfer_will = models.TextField("volonté d'essaimer", blank=True)
    submitted_on = models.DateField("candidature reçue le", null=True, blank=True, default=timezone.localdate)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Pre-selection by the programme team: the method's three indicators and the evidence level.
    proven_effect = models.CharField(
        "efficacité prouvée à petite échelle", max_length=10, choices=Assessment.choices, blank=True
    )
    transfer_ready = models.CharField("volonté de transposer", max_length=10, choices=Assessment.choices, blank=True)
    formalised = models.CharField(
        "processus de mise en œuvre formalisé", max_length=10, choices=Assessment.choices, blank=True
    )
    evidence_level = models.PositiveSmallIntegerField(
        "niveau de preuve", choices=EvidenceLevel.choices, null=True, blank=True
    )
    preselection_note = models.CharField("note de pré-sélection", max_length=500, blank=True)
    outcome = models.CharField(
        "décision", max_length=20, choices=Outcome.choices, blank=True, editable=False, default=""
    )
    innovation = models.OneToOneField(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacy",
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["outcome"])

    objects = scoped_manager("call__programme")

    class Meta:
        verbose_name = "candidature"
        ordering = ["call", "project_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "porteur", "project_name"],
                name="unique_candidate",
                violation_error_message="Ce porteur a déjà déposé ce projet à cet appel.",
            )
        ]

    def __str__(self):
        return f"{self.project_name} ({self.porteur})"

    def clean(self):
        super().clean()
        if self.submitted_on and self.submitted_on > timezone.localdate():
            raise ValidationError({"submitted_on": "La date de candidature ne peut pas être dans le futur."})

    @property
    def indicators(self):
        """The three pre-selection indicators as (label, code, display)."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name), getattr(self, f"get_{name}_display")())
            for name in ("proven_effect", "transfer_ready", "formalised")
        ]

    @property
    def is_decided(self):
        return self.outcome in (Outcome.SELECTED, Outcome.NOT_SELECTED)
