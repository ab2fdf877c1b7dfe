"""Validation rules on values, and the violations they find.

Three kinds of rule, all configurable by the programme team (in pages, `dictionary_views.py`; every
change kept in the rule's history):

- *comparison*: two indicators of the same unit (the innovation as a whole, or one structure
  that adopted it) and the same period end, e.g. returns_to_employment ≤ people_reached;
- *bounds*: a minimum and/or a maximum for one indicator;
- *outlier*: a value that departs from its unit's own history for that indicator by more than
  a factor (above median × factor or below median ÷ factor, the median of the previous
  numbers, with at least `min_history` of them).

nc and ne are not numbers: they never violate a comparison, a bound or an outlier rule, and
they do not count in an outlier's history. A rule is checked by `validation.check_values()`;
what it finds is stored as a `Violation` so that it is listed until it is corrected or an
evaluator marks it checked, with a note.

This module holds models only: it is imported by `evaluation/models.py`, so it refers to
`Indicator` and `Value` by name.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from essaim.evaluation.enums import Level
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


class RuleKind(models.TextChoices):
    COMPARISON = "comparison", "Comparaison entre deux indicateurs"
    BOUNDS = "bounds", "Bornes (minimum, maximum)"
    OUTLIER = "outlier", "Écart à l'historique"


class Comparator(models.TextChoices):
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    GTE = "gte", "≥"
    GT = "gt", ">"


HOLDS = {
    Comparator.LTE: lambda a, b: a <= b,
    Comparator.LT: lambda a, b: a < b,
    Comparator.EQ: lambda a, b: a == b,
    Comparator.GTE: lambda a, b: a >= b,
    Comparator.GT: lambda a, b: a > b,
}

# The relation actually seen when the rule's relation does not hold.
BROKEN = {
    Comparator.LTE: ">",
    Comparator.LT: "≥",
    Comparator.EQ: "≠",
    Comparator.GTE: "<",
    Comparator.GT: "≤",
}


class ValidationRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ValidationRule(InProgramme):
    """One check run on the values of every innovation and structure."""

    code = models.SlugField(
        "code",
        max_length=60,
        help_text="Identifiant stable, par exemple « employment-within-people ».",
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type de règle", max_length=10, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        "evaluation.Indicator", verbose_name="indicateur", on_delete=models.PROTECT, related_name="rules"
    )
    comparator = models.CharField(
        "opérateur", max_length=3, choices=Comparator.choices, blank=True, help_text="Comparaison seulement."
    )
    other_indicator = models.ForeignKey(
        "evaluation.Indicator",
        verbose_name="second indicateur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Comparaison seulement : l'indicateur à droite de l'opérateur.",
    )
    minimum = models.PositiveBigIntegerField("minimum", null=True, blank=True, help_text="Bornes seulement.")
    maximum = models.PositiveBigIntegerField("maximum", null=True, blank=True, help_text="Bornes seulement.")
    factor = models.DecimalField(
        "facteur",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1.01"), "Le facteur doit être supérieur à 1.")],
        help_text="Écart à l'historique seulement : 3 signale plus de 3 fois ou moins du tiers de la médiane.",
    )
    min_history = models.PositiveSmallIntegerField(
        "historique minimal",
        default=3,
        validators=[MinValueValidator(1, "Il faut au moins une valeur précédente.")],
        help_text="Écart à l'historique seulement : nombre de valeurs précédentes (nombres) nécessaires.",
    )
    description = models.TextField("explication", blank=True)
    is_active = models.BooleanField("active", default=True)
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    programme = programme_field(shared=True, related_name="validation_rules")
    objects = scoped_manager("programme", ValidationRuleQuerySet, shared=True)
    shared_unique = "code"

    class Meta:
        verbose_name = "règle de contrôle"
        verbose_name_plural = "règles de contrôle"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="unique_rule_code",
                violation_error_message="Une règle porte déjà ce code.",
            ),
            models.UniqueConstraint(
                fields=["code"],
                name="unique_shared_rule_code",
                violation_error_message="Une règle porte déjà ce code.",
                condition=Q(programme=None),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def indicator_ids(self):
        ids = [self.indicator_id]
        if self.kind == RuleKind.COMPARISON and self.other_indicator_id:
            ids.append(self.other_indicator_id)
        return ids

    def formula(self):
        """The rule in a few symbols, for lists: « A ≤ B », « 0 ≤ A ≤ 500 », « A : ×3 / ÷3 »."""
        if self.kind == RuleKind.COMPARISON:
            return f"{self.indicator} {self.get_comparator_display()} {self.other_indicator}"
        if self.kind == RuleKind.BOUNDS:
            low = "" if self.minimum is None else f"{self.minimum} ≤ "
            high = "" if self.maximum is None else f" ≤ {self.maximum}"
            return f"{low}{self.indicator}{high}"
        factor = format_factor(self.factor)
        return f"{self.indicator} : ×{factor} ou ÷{factor} de la médiane (≥ {self.min_history} valeurs)"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("indicator", "other_indicator"):
            indicator = getattr(self, field) if getattr(self, f"{field}_id") else None
            if indicator is not None and indicator.is_derived:
                errors[field] = "Cet indicateur est calculé : contrôlez les indicateurs saisis."
        if self.kind == RuleKind.COMPARISON:
            if not self.comparator:
                errors["comparator"] = "Choisissez l'opérateur de la comparaison."
            if not self.other_indicator_id:
                errors["other_indicator"] = "Choisissez le second indicateur de la comparaison."
            elif self.other_indicator_id == self.indicator_id:
                errors["other_indicator"] = "Comparez deux indicateurs différents."
            elif (
                self.indicator_id
                and "other_indicator" not in errors
                and not share_a_level(self.indicator, self.other_indicator)
            ):
                errors["other_indicator"] = (
                    "Ces deux indicateurs ne se déclarent jamais pour la même unité : la comparaison ne "
                    "trouverait aucune paire."
                )
        elif self.kind == RuleKind.BOUNDS:
            if self.minimum is None and self.maximum is None:
                errors["minimum"] = "Indiquez un minimum, un maximum ou les deux."
            elif self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
                errors["maximum"] = "Le maximum doit être supérieur ou égal au minimum."
        elif self.kind == RuleKind.OUTLIER and self.factor is None:
            errors["factor"] = "Indiquez le facteur d'écart, par exemple 3."
        if errors:
            raise ValidationError(errors)


def share_a_level(left, right):
    def levels(indicator):
        return {Level.STRUCTURE, Level.INNOVATION} if indicator.levels == Level.BOTH else {indicator.levels}

    return bool(levels(left) & levels(right))


def format_factor(factor):
    """3.00 → « 3 », 2.50 → « 2,5 »."""
    if factor is None:
        return ""
    text = f"{Decimal(factor).normalize():f}"
    return text.replace(".", ",")


class ViolationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(checked=False)

    def for_list(self):
        """Everything a list of violations shows, in one query."""
        return self.select_related(
            "rule",
            "value__innovation",
            "value__structure",
            "value__indicator",
            "other_value__indicator",
            "checked_by",
        )


class Violation(models.Model):
    """A value (with, for a comparison, the value it is compared to) that breaks a rule.

    Kept until the figures are corrected (the next check removes it) or an evaluator marks it
    checked: a checked violation stays, with who, when and why, even if it no longer holds. If
    the figures it was checked on change, it opens again.
    """

    rule = models.ForeignKey(ValidationRule, verbose_name="règle", on_delete=models.CASCADE, related_name="violations")
    value = models.ForeignKey(
        "evaluation.Value", verbose_name="valeur", on_delete=models.CASCADE, related_name="violations"
    )
    other_value = models.ForeignKey(
        "evaluation.Value",
        verbose_name="valeur comparée",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    number = models.PositiveBigIntegerField("nombre contrôlé")
    other_number = models.PositiveBigIntegerField("nombre comparé", null=True, blank=True)
    message = models.CharField("message", max_length=500)
    found_at = models.DateTimeField("relevée le", auto_now_add=True)
    checked = models.BooleanField("vérifiée", default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vérifiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField("vérifiée le", null=True, blank=True)
    note = models.TextField("note de vérification", blank=True)

    objects = scoped_manager("value__innovation__programme", ViolationQuerySet)

    class Meta:
        verbose_name = "anomalie"
        ordering = ["-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "value"],
                name="unique_violation",
                violation_error_message="Cette anomalie est déjà relevée pour cette valeur.",
            )
        ]

    def __str__(self):
        return self.message

    @property
    def innovation(self):
        return self.value.innovation

    @property
    def structure(self):
        return self.value.structure

    @property
    def period_end(self):
        return self.value.period_end

    @property
    def unit_label(self):
        return unit_label(self.value)

    @property
    def was_checked_before(self):
        """Open again after a check: the figures changed since."""
        return not self.checked and self.checked_at is not None


def unit_label(value):
    """The unit a value describes, as the messages name it."""
    structure = value.structure.name if value.structure_id else None
    return unit_name(value.innovation.code, value.innovation.name, structure)


def unit_name(innovation_code, innovation_name, structure_name):
    """`unit_label` from the names alone: a structure's (None: the innovation as a whole)."""
    if structure_name is not None:
        return f"{structure_name} ({innovation_code})"
    return innovation_name
