from django.db import models


class CallStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPEN = "open", "Ouvert aux candidatures"
    CLOSED = "closed", "Clos"


class Assessment(models.TextChoices):
    """How far a candidate meets one pre-selection indicator of the method."""

    UNKNOWN = "", "Non examiné"
    YES = "yes", "Oui"
    PARTLY = "partly", "En partie"
    NO = "no", "Non"


class EvidenceLevel(models.IntegerChoices):
    """Standards of evidence, from an account of impact to a practice others run at scale."""

    ACCOUNT = 1, "1 — Récit d'impact : l'effet est décrit, sans mesure"
    CORRELATION = 2, "2 — Corrélation : des données montrent un changement chez les bénéficiaires"
    CAUSATION = 3, "3 — Causalité : effet mesuré avec un groupe de comparaison"
    REPLICATION = 4, "4 — Réplication : effet retrouvé par une évaluation indépendante ou sur un autre site"
    AT_SCALE = 5, "5 — À grande échelle : l'action est menée par d'autres, avec les mêmes effets"


class Outcome(models.TextChoices):
    SELECTED = "selected", "Retenue"
    NOT_SELECTED = "not_selected", "Non retenue"
    POSTPONED = "postponed", "Ajournée"


class StudyStatus(models.TextChoices):
    PLANNED = "planned", "À engager"
    IN_PROGRESS = "in_progress", "En cours de rédaction"
    WRITTEN = "written", "Rédigée"
    VALIDATED = "validated", "Validée par le comité de pilotage"


# The method's five parts of a feasibility study: (field, title, what it answers).
STUDY_SECTIONS = [
    ("philosophy", "Philosophie du projet", "Le constat de départ, les valeurs et les principes d'intervention."),
    ("deployment_framework", "Cadre de déploiement", "Les acteurs, les moyens, le modèle économique, le territoire."),
    ("impact_analysis", "Analyse d'impact", "Les résultats mesurés et la solidité des preuves."),
    ("transferability", "Transférabilité", "Ce qui est invariant, ce qui s'adapte, les prérequis des essaimés."),
    ("swarming_scenario", "Scénario d'essaimage retenu", "Le mode d'essaimage, les étapes, le calendrier."),
]

# The default rubric of a new call: the method's three pre-selection indicators, in the words of
# the consolidated evaluation (seed 003, « Ces indicateurs sont notamment : »).
DEFAULT_CRITERIA = [
    (
        "Efficacité prouvée à petite échelle",
        "Premiers résultats prometteurs en matière de retour à l'emploi des chômeurs de longue durée, "
        "démontrés dans le cadre d'une analyse d'impacts, par une ou plusieurs structures sur un territoire.",
    ),
    (
        "Volonté de transposer",
        "L'innovateur veut transposer son innovation au sein d'autres structures, sur d'autres territoires "
        "ou auprès d'autres publics en recherche d'emploi.",
    ),
    (
        "Processus de mise en œuvre formalisé",
        "Modalités d'intervention et phases formalisées (ou en cours de formalisation), assez précises pour "
        "servir à une transposition.",
    ),
]
