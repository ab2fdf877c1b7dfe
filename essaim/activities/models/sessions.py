from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from essaim.activities.enums import ActivityKind
from essaim.activities.keys import free_key
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

KEY_HELP = "Identifiant utilisé par les fichiers d'échange ; donné d'après le titre et la date s'il est laissé vide."


class Activity(InProgramme):
    """A swarming activity the accelerator runs: an awareness meeting, a formation-action
    session or module, a regional training, a national day, a site visit, a period of hotline
    support. `innovation` is empty for the programme's own national days."""

    key = models.SlugField(
        "identifiant stable",
        max_length=80,
        blank=True,
        help_text=KEY_HELP,
    )
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
        help_text="Vide pour une activité du programme entier (journée nationale de l'accélérateur).",
    )
    kind = models.CharField("type", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("intitulé", max_length=200)
    module = models.CharField("modules", max_length=100, blank=True, help_text="Par exemple « Modules 1 et 2 ».")
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    duration_days = models.DecimalField(
        "durée (jours)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.5"), "Une activité dure au moins une demi-journée (0,5)."),
            MaxValueValidator(Decimal("365"), "Une durée de plus de 365 jours n'est pas plausible."),
        ],
    )
    place = models.CharField("lieu", max_length=200, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField("contenu", blank=True)
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    programme = programme_field(related_name="activities")
    programme_from = "innovation"
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "activité d'essaimage"
        verbose_name_plural = "activités d'essaimage"
        ordering = ["starts_on", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"],
                name="unique_activity_key",
                violation_error_message="Une activité porte déjà cet identifiant.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self.key:
            code = self.innovation.code if self.innovation_id else "programme"
            self.key = free_key(Activity, code, self.title, self.starts_on.isoformat(), exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin de l'activité ne peut pas précéder son début."})

    @property
    def is_training(self):
        return self.kind in ActivityKind.trainings()


class Attendance(models.Model):
    """A structure's attendance at an activity, with how many of its professionals came
    (empty: not known)."""

    activity = models.ForeignKey(Activity, verbose_name="activité", on_delete=models.CASCADE, related_name="attendance")
    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="attendance"
    )
    professionals = models.PositiveSmallIntegerField(
        "professionnels présents",
        null=True,
        blank=True,
        validators=[MaxValueValidator(500, "Plus de 500 professionnels d'une même structure n'est pas plausible.")],
        help_text="Laissez vide si le nombre n'est pas connu.",
    )
    note = models.CharField("note", max_length=300, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager("activity__programme")

    class Meta:
        verbose_name = "présence"
        ordering = ["activity", "structure__sort_name", "structure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "structure"],
                name="unique_attendance",
                violation_error_message="La présence de cette structure est déjà enregistrée pour cette activité.",
            )
        ]

    def __str__(self):
        return f"{self.structure} — {self.activity}"
