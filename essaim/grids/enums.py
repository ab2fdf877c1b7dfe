from django.db import models

PHASES = (1, 2, 3)


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DELIVERED = "delivered", "Rapport remis"


class CollectionMethod(models.TextChoices):
    INTERVIEWS = "interviews", "Entretiens"
    PHONE = "phone", "Téléphone"
    SURVEY = "survey", "Questionnaire en ligne"
    SPREADSHEETS = "spreadsheets", "Remontée de tableaux de données"
    VISITS = "visits", "Visites sur site"


class FindingKind(models.TextChoices):
    EFFECT = "effect", "Effet observé"
    DIFFICULTY = "difficulty", "Difficulté"
    QUOTE = "quote", "Citation"


class Trend(models.TextChoices):
    BETTER = "better", "Mieux"
    SAME = "same", "Stable"
    WORSE = "worse", "Moins bien"
    NOT_COMPARABLE = "none", "Non comparable"
