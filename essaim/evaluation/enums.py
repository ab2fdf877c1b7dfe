from django.db import models


class Aggregation(models.TextChoices):
    LAST = "last", "Dernière valeur (stock ou cumul)"
    SUM = "sum", "Somme des périodes (flux)"


class Level(models.TextChoices):
    STRUCTURE = "structure", "Structure"
    INNOVATION = "innovation", "Innovation"
    BOTH = "both", "Structure ou innovation"


class Operation(models.TextChoices):
    SUM = "sum", "Somme"
    DIFFERENCE = "difference", "Différence"
    RATIO = "ratio", "Rapport"


class ValueKind(models.TextChoices):
    NUMBER = "number", "Nombre"
    NC = "nc", "Non communiqué (nc)"
    NE = "ne", "Non évalué (ne)"


class ValidationState(models.TextChoices):
    """A value's review (docs/validation.md): entered, submitted by its structure (« je
    transmets »), returned by an evaluator with a note, or validated. Any change of the figure
    brings it back to entered."""

    ENTERED = "entered", "Saisie"
    SUBMITTED = "submitted", "Transmise"
    RETURNED = "returned", "À corriger"
    VALIDATED = "validated", "Validée"
