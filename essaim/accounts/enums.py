from django.db import models


class Role(models.TextChoices):
    PROGRAMME_TEAM = "programme_team", "Équipe programme"
    EVALUATOR = "evaluator", "Évaluateur ou évaluatrice"
    INNOVATOR = "innovator", "Porteur d'innovation"
    STRUCTURE_MEMBER = "structure_member", "Membre d'une structure essaimée"
    FUNDER = "funder", "Financeur ou membre du comité de pilotage"
