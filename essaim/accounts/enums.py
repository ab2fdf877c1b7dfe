from django.db import models


class Role(models.TextChoices):
    PROGRAMME_TEAM = "programme_team", "Équipe programme"
    EVALUATOR = "evaluator", "Évaluateur ou évaluatrice"
    INNOVATOR = "innovator", "Porteur d'innovation"
    STRUCTURE_MEMBER = "structure_member", "Membre d'une structure essaimée"
    FUNDER = "funder", "Financeur ou membre du comité de pilotage"


# Roles held in a programme, and roles held within one of its structures.
PROGRAMME_ROLES = (Role.PROGRAMME_TEAM, Role.EVALUATOR, Role.FUNDER)
STRUCTURE_ROLES = (Role.INNOVATOR, Role.STRUCTURE_MEMBER)


class ReminderFrequency(models.TextChoices):
    """How often a person gets the reminders of the collection campaigns (evaluation/reminders.py)."""

    EACH = "each", "À chaque relance : 7 jours et 1 jour avant l'échéance, le lendemain, puis chaque semaine"
    WEEKLY = "weekly", "Au plus une fois par semaine"
    NONE = "none", "Jamais : je suis les campagnes moi-même"
