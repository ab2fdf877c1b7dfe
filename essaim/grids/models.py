"""The embedded evaluation: each innovation's three phases, its grid of items rated on a scale
for each adopting structure, and the qualitative findings collected along the way.

- A `Scale` is reusable: ordered levels, each with a label and a score, and one level without
  a score, « non renseigné », which is never counted (never the lowest); optional score bands.
- A `Grid` belongs to one innovation: one scale, ordered `GridItem`s.
- An `Observation` is one adoption's level on one item in one phase (1 to 3), with a comment,
  who and when; its history is kept.
- An `EvaluationPhase` is one of the innovation's three phases: date, collection methods,
  status, and the phase report as a document.
- A `Finding` is a short text (observed effect, difficulty, quote) tagged by innovation, phase,
  structure and theme.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from essaim.grids.enums import PHASES, CollectionMethod, FindingKind, PhaseStatus
from essaim.grids.validators import report_upload_to, validate_report_file
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

PHASE_VALIDATORS = [
    MinValueValidator(PHASES[0], f"La phase va de {PHASES[0]} à {PHASES[-1]}."),
    MaxValueValidator(PHASES[-1], f"La phase va de {PHASES[0]} à {PHASES[-1]}."),
]
PHASE_IN_RANGE = Q(phase__gte=PHASES[0], phase__lte=PHASES[-1])


def recorder():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def source_field():
    return models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class Scale(models.Model):
    """Ordered levels with labels and scores, plus one « non renseigné » level without a score."""

    code = models.SlugField(
        "code", max_length=60, unique=True, error_messages={"unique": "Une échelle porte déjà ce code."}
    )
    name = models.CharField("nom", max_length=120)
    description = models.TextField("description", blank=True)
    is_standard = models.BooleanField(
        "échelle standard", default=False, help_text="Créée par Essaim ; les paquets CSV peuvent s'y référer."
    )

    class Meta:
        verbose_name = "échelle"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def levels_in_order(self):
        return list(self.levels.all())

    def bands_in_order(self):
        """Highest threshold first."""
        return sorted(self.bands.all(), key=lambda b: b.min_score, reverse=True)


class ScaleLevel(models.Model):
    scale = models.ForeignKey(Scale, verbose_name="échelle", on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("libellé", max_length=60, help_text="Ce qu'affiche une case de la grille.")
    legend = models.CharField(
        "légende", max_length=120, blank=True, help_text="Libellé long de la légende (« oui / fixée »)."
    )
    score = models.SmallIntegerField(
        "score",
        null=True,
        blank=True,
        help_text="Vide pour « non renseigné » : ni compté, ni classé parmi les niveaux.",
    )

    class Meta:
        verbose_name = "niveau"
        verbose_name_plural = "niveaux"
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "label"],
                name="unique_level_label",
                violation_error_message="Cette échelle a déjà un niveau de ce libellé.",
            ),
            models.UniqueConstraint(
                fields=["scale"],
                condition=Q(score__isnull=True),
                name="one_unknown_level_per_scale",
                violation_error_message="Une échelle n'a qu'un niveau « non renseigné » (sans score).",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_unknown(self):
        """« Non renseigné »: rated, but with nothing to count."""
        return self.score is None

    @property
    def shown_legend(self):
        return self.legend or self.label


class ScaleBand(models.Model):
    """A named range of mean scores (the IPS fidelity bands: exemplary, good, fair, not meeting)."""

    scale = models.ForeignKey(Scale, verbose_name="échelle", on_delete=models.CASCADE, related_name="bands")
    label = models.CharField("libellé", max_length=120)
    min_score = models.DecimalField(
        "score moyen minimal", max_digits=6, decimal_places=2, help_text="Score moyen par élément noté, à partir de."
    )

    class Meta:
        verbose_name = "palier"
        ordering = ["scale", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "min_score"],
                name="unique_band_threshold",
                violation_error_message="Cette échelle a déjà un palier à ce score.",
            )
        ]

    def __str__(self):
        return f"{self.label} (≥ {self.min_score})"


class Grid(models.Model):
    """An innovation's appropriation or fidelity grid: one scale, ordered items."""

    innovation = models.OneToOneField(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.PROTECT, related_name="grid"
    )
    scale = models.ForeignKey(Scale, verbose_name="échelle", on_delete=models.PROTECT, related_name="grids")
    title = models.CharField("titre", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    source = source_field()
    history = HistoricalRecords()

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "grille"

    def __str__(self):
        return self.title or f"Grille de {self.innovation.name}"


class GridItem(models.Model):
    grid = models.ForeignKey(Grid, verbose_name="grille", on_delete=models.PROTECT, related_name="items")
    key = models.SlugField(
        "identifiant stable", max_length=60, help_text="Utilisé par les fichiers d'échange (observations.csv)."
    )
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("libellé", max_length=300)
    description = models.TextField("description", blank=True)
    data_source = models.CharField(
        "source des données", max_length=300, blank=True, help_text="D'où vient la note : entretien, tableau…"
    )
    history = HistoricalRecords()

    objects = scoped_manager("grid__innovation__programme")

    class Meta:
        verbose_name = "élément de grille"
        verbose_name_plural = "éléments de grille"
        ordering = ["grid", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "key"],
                name="unique_grid_item_key",
                violation_error_message="Cette grille a déjà un élément de cet identifiant.",
            )
        ]

    def __str__(self):
        return self.label


class EvaluationPhase(models.Model):
    """One of the three phases of an innovation's embedded evaluation."""

    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        on_delete=models.PROTECT,
        related_name="evaluation_phases",
    )
    number = models.PositiveSmallIntegerField("phase", choices=[(n, f"Phase {n}") for n in PHASES])
    planned_on = models.DateField("date prévue")
    methods = models.JSONField("modes de recueil", default=list, blank=True)
    status = models.CharField("état", max_length=12, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED)
    delivered_on = models.DateField("rapport remis le", null=True, blank=True)
    report = models.FileField(
        "rapport de phase", upload_to=report_upload_to, blank=True, validators=[validate_report_file]
    )
    report_name = models.CharField("nom du fichier", max_length=200, blank=True, editable=False)
    note = models.TextField("note", blank=True)
    source = source_field()
    updated_by = recorder()
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    history = HistoricalRecords()

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "phase d'évaluation"
        verbose_name_plural = "phases d'évaluation"
        ordering = ["innovation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "number"],
                name="unique_evaluation_phase",
                violation_error_message="Cette innovation a déjà cette phase.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=PHASES[0], number__lte=PHASES[-1]), name="evaluation_phase_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.innovation.code} — phase {self.number}"

    def method_labels(self):
        labels = dict(CollectionMethod.choices)
        return [labels.get(code, code) for code in self.methods]

    def clean(self):
        super().clean()
        errors = {}
        allowed = set(CollectionMethod.values)
        if not isinstance(self.methods, list) or any(m not in allowed for m in self.methods):
            errors["methods"] = "Mode de recueil inconnu (possibles : " + ", ".join(CollectionMethod.values) + ")."
        if self.delivered_on and self.status != PhaseStatus.DELIVERED:
            errors["delivered_on"] = "Une date de remise ne va qu'avec l'état « Rapport remis »."
        if self.delivered_on and self.delivered_on > timezone.localdate():
            errors["delivered_on"] = "La date de remise ne peut pas être dans le futur."
        if errors:
            raise ValidationError(errors)


class Observation(models.Model):
    """One adoption's level on one item of its innovation's grid, in one phase."""

    adoption = models.ForeignKey(
        "swarming.Adoption", verbose_name="essaimage", on_delete=models.PROTECT, related_name="observations"
    )
    phase = models.PositiveSmallIntegerField("phase", validators=PHASE_VALIDATORS)
    item = models.ForeignKey(GridItem, verbose_name="élément", on_delete=models.PROTECT, related_name="observations")
    level = models.ForeignKey(ScaleLevel, verbose_name="niveau", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField("commentaire", blank=True)
    source = source_field()
    recorded_by = recorder()
    recorded_at = models.DateTimeField("saisi le", default=timezone.now)
    history = HistoricalRecords()

    objects = scoped_manager("adoption__innovation__programme")

    class Meta:
        verbose_name = "observation"
        ordering = ["adoption", "phase", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "phase", "item"],
                name="unique_observation",
                violation_error_message="Cet élément est déjà noté pour cette structure et cette phase.",
            ),
            models.CheckConstraint(condition=PHASE_IN_RANGE, name="observation_phase_in_range"),
        ]

    def __str__(self):
        return f"{self.adoption} · phase {self.phase} · {self.item} : {self.level}"

    def clean(self):
        super().clean()
        if not (self.item_id and self.adoption_id):
            return
        grid = self.item.grid
        if grid.innovation_id != self.adoption.innovation_id:
            raise ValidationError(
                {"item": "Cet élément n'appartient pas à la grille de l'innovation de cet essaimage."}
            )
        if self.level_id and self.level.scale_id != grid.scale_id:
            raise ValidationError(
                {"level": f"« {self.level.label} » n'est pas un niveau de l'échelle « {grid.scale.name} »."}
            )


class Finding(InProgramme):
    """A short qualitative text: an observed effect, a difficulty, a quote."""

    key = models.SlugField(
        "identifiant stable",
        max_length=80,
        null=True,
        blank=True,
        help_text="Donné par le jeu de référence, qui s'y rapporte ; vide pour un constat saisi.",
    )
    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.PROTECT, related_name="findings"
    )
    phase = models.PositiveSmallIntegerField("phase", null=True, blank=True, validators=PHASE_VALIDATORS)
    structure = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        help_text="Vide : le constat concerne l'innovation dans son ensemble.",
    )
    kind = models.CharField("nature", max_length=12, choices=FindingKind.choices)
    theme = models.CharField("thème", max_length=80, blank=True)
    text = models.TextField("texte")
    attribution = models.CharField("qui parle", max_length=200, blank=True, help_text="Pour une citation.")
    observed_on = models.DateField(
        "constaté le", default=timezone.localdate, help_text="La date que le constat décrit (celle de sa phase)."
    )
    source = source_field()
    recorded_by = recorder()
    recorded_at = models.DateTimeField("saisi le", default=timezone.now)
    history = HistoricalRecords()

    programme = programme_field(related_name="findings")
    programme_from = "innovation"
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "constat"
        ordering = ["innovation", "observed_on", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(phase__isnull=True) | PHASE_IN_RANGE, name="finding_phase_in_range"),
            models.UniqueConstraint(
                fields=["programme", "key"],
                name="unique_finding_key",
                violation_error_message="Un constat porte déjà cet identifiant.",
            ),
        ]

    def __str__(self):
        return f"{self.innovation.code} · {self.get_kind_display()} : {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.structure_id and self.innovation_id:
            from essaim.swarming.models import Adoption

            if not Adoption.objects.filter(innovation_id=self.innovation_id, structure_id=self.structure_id).exists():
                raise ValidationError({"structure": "Cette structure n'a pas adopté cette innovation."})
