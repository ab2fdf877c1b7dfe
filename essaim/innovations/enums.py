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
    def method(cls):
        """The steps in the order of the method, exit last (a pause may come at any point)."""
        steps = list(cls)
        return steps[: steps.index(cls.EXITED) + 1]

    @classmethod
    def following(cls, step):
        """The step that usually comes next in the method (exit after the third phase)."""
        order = cls.method()
        if step in order[:-1]:
            return order[order.index(step) + 1]
        return step

    @classmethod
    def skipped(cls, current, step):
        """The steps of the method that a move from `current` to `step` jumps over: none for the
        next step, a step back, a pause or a first step."""
        order = cls.method()
        if current not in order or step not in order:
            return []
        return order[order.index(current) + 1 : order.index(step)]


class TerritoryType(models.TextChoices):
    RURAL = "rural", "Rural"
    URBAN = "urban", "Urbain"
    BOTH = "both", "Rural et urbain"
