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
    def method_label(cls, step):
        return METHOD_LABELS[step]


METHOD_LABELS = {
    Step.IDENTIFICATION: "Étape 0",
    Step.FEASIBILITY: "Étape I",
    Step.MOBILISATION: "Étape II",
    Step.SWARMING: "Étape III",
    Step.EVALUATION_1: "Étape IV",
    Step.EVALUATION_2: "Étape IV",
    Step.EVALUATION_3: "Étape IV",
    Step.EXITED: "Sortie",
    Step.PAUSED: "Pause",
}


class TerritoryType(models.TextChoices):
    RURAL = "rural", "Rural"
    URBAN = "urban", "Urbain"
    BOTH = "both", "Rural et urbain"
