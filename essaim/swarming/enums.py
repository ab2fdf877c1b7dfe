from django.db import models


class AdoptionStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    SELECTED = "selected", "Retenue"
    TRAINED = "trained", "Formée"
    IMPLEMENTING = "implementing", "En déploiement"
    PAUSED = "paused", "En pause"
    ABANDONED = "abandoned", "Abandon"

    @classmethod
    def counted(cls):
        """Statuses of adoptions that count as structures of the programme."""
        return [cls.SELECTED, cls.TRAINED, cls.IMPLEMENTING, cls.PAUSED]
