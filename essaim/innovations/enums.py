from django.db import models


class Step(models.TextChoices):
    IDENTIFICATION = "identification", "Identification"
    FEASIBILITY = "feasibility", "Étude de faisabilité"
    MOBILISATION = "mobilisation", "Mobilisation"
    SWARMING = "swarming", "Essaimage"
    EVALUATION_1 = "evaluation_1", "Évaluation, phase 1"
    EVALUATION_2 = "evaluation_2", "Évaluation, phase 2"
    EVALUATION_3 = "evaluation_3", "Évaluation, phase 3"
    EXITED = "exited", "Sortie de l'accélérateur"
    PAUSED = "paused", "En pause"

    @classmethod
    def following(cls, step):
        """The step that usually comes next in the method (exit after the third phase)."""
        order = list(cls)[: list(cls).index(cls.EXITED) + 1]
        if step in order[:-1]:
            return order[order.index(step) + 1]
        return step


class TerritoryType(models.TextChoices):
    RURAL = "rural", "Rural"
    URBAN = "urban", "Urbain"
    BOTH = "both", "Rural et urbain"
