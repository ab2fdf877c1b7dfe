from django.db import models


class AdoptionStatus(models.TextChoices):
    """An adoption's life, in the seeds' words (DOMAIN.md, "How the seeds count"), in the
    order of the method: chosen, trained, then what the structure makes of the innovation."""

    CANDIDATE = "candidate", "Candidate"
    SELECTED = "selected", "Retenue"
    TRAINED = "trained", "Formée"
    CONSIDERING = "considering", "Mise en œuvre envisagée"
    IMPLEMENTING = "implementing", "En déploiement"
    ADAPTED = "adapted", "Déploiement adapté"
    PAUSED = "paused", "En pause"
    ABANDONED = "abandoned", "Abandon"

    @classmethod
    def counted(cls):
        """Statuses of adoptions that count as structures of the programme: every status
        between selection and abandonment (a structure that considers, adapts or pauses the
        innovation is still in)."""
        return [cls.SELECTED, cls.TRAINED, cls.CONSIDERING, cls.IMPLEMENTING, cls.ADAPTED, cls.PAUSED]

    @classmethod
    def evaluation(cls):
        """Statuses the embedded evaluation observes after the training (how each structure
        appropriates the innovation): an evaluator may record them; selection and training
        stay the programme team's."""
        return [cls.CONSIDERING, cls.IMPLEMENTING, cls.ADAPTED, cls.PAUSED, cls.ABANDONED]


# How the innovation page names the current status of the structures trained, in the seeds'
# sentence: "17 formées : 4 abandons, 6 envisagent, 6 en place, 1 passerelle".
AFTER_TRAINING = {
    AdoptionStatus.ABANDONED: ("abandon", "abandons"),
    AdoptionStatus.CONSIDERING: ("envisage", "envisagent"),
    AdoptionStatus.IMPLEMENTING: ("en place", "en place"),
    AdoptionStatus.ADAPTED: ("passerelle", "passerelles"),
    AdoptionStatus.PAUSED: ("en pause", "en pause"),
    AdoptionStatus.SELECTED: ("retenue à nouveau", "retenues à nouveau"),
    AdoptionStatus.CANDIDATE: ("redevenue candidate", "redevenues candidates"),
    AdoptionStatus.TRAINED: ("sans suite enregistrée", "sans suite enregistrée"),
}
