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
    ENTERED = "entered", "Saisie"
    VALIDATED = "validated", "Validée"
