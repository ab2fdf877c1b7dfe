from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from essaim.core.history import DatedEntry
from essaim.core.text import SortKeyField
from essaim.innovations.enums import Step, TerritoryType
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

code_validator = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
    "Le code s'écrit en majuscules, chiffres et tirets, par exemple « VITA-AIR ».",
    code="code_format",
)


class InnovationQuerySet(models.QuerySet):
    def in_accelerator(self):
        return self.exclude(step__in=[Step.EXITED, Step.PAUSED])


class Innovation(InProgramme):
    """A local innovation supported by the accelerator, from identification to exit."""

    code = models.CharField(
        "code",
        max_length=40,
        validators=[code_validator],
    )
    programme = programme_field(related_name="innovations")
    name = models.CharField("nom", max_length=200)
    sort_name = SortKeyField("clé de tri du nom")  # `order_by("sort_name")`: names in the order people expect
    porteur = models.ForeignKey(
        "organizations.Structure", verbose_name="porteur", on_delete=models.PROTECT, related_name="innovations_carried"
    )
    description = models.TextField("description", blank=True)
    target_public = models.CharField("public visé", max_length=300, blank=True)
    specific_public = models.BooleanField("public spécifique", default=False)
    territory_type = models.CharField("type de territoire", max_length=5, choices=TerritoryType.choices, blank=True)
    entered_on = models.DateField("entrée dans l'accélérateur", null=True, blank=True)
    exited_on = models.DateField("sortie de l'accélérateur", null=True, blank=True)
    exit_reason = models.CharField("motif de sortie", max_length=300, blank=True)
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    step = models.CharField("étape", max_length=20, choices=Step.choices, default=Step.IDENTIFICATION, editable=False)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["step", "sort_name"])

    objects = scoped_manager("programme", InnovationQuerySet)

    class Meta:
        verbose_name = "innovation"
        ordering = ["entered_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="unique_innovation_code",
                violation_error_message="Une innovation porte déjà ce code.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        super().clean()
        if self.entered_on and self.exited_on and self.exited_on < self.entered_on:
            raise ValidationError({"exited_on": "La sortie ne peut pas précéder l'entrée dans l'accélérateur."})

    def step_on(self, day):
        """The step this innovation was at on a given day (None before its first step)."""
        entries = [e for e in self.step_changes.all() if e.on <= day]
        return entries[-1].step if entries else None


class StepChange(DatedEntry):
    """One dated move of an innovation in the method."""

    parent_field = "innovation"
    state_field = "step"

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="step_changes")
    step = models.CharField("étape", max_length=20, choices=Step.choices)

    objects = scoped_manager("innovation__programme")

    class Meta(DatedEntry.Meta):
        verbose_name = "changement d'étape"
        verbose_name_plural = "historique des étapes"
