from django.db import models


class ActivityKind(models.TextChoices):
    AWARENESS = "awareness", "Action de sensibilisation"
    FORMATION_ACTION = "formation_action", "Session de formation-action"
    REGIONAL_TRAINING = "regional_training", "Formation régionale intensive"
    NATIONAL_DAY = "national_day", "Journée nationale"
    SITE_VISIT = "site_visit", "Visite de site"
    SUPPORT = "support", "Hotline et accompagnement individuel"
    WORKING_GROUP = "working_group", "Groupe de travail"

    @classmethod
    def trainings(cls):
        """The kinds whose attendance counts as professionals trained."""
        return [cls.FORMATION_ACTION, cls.REGIONAL_TRAINING]


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Reçue"
    SELECTED = "selected", "Retenue"
    DECLINED = "declined", "Non retenue"


class ToolKind(models.TextChoices):
    GUIDE = "guide", "Guide méthodologique"
    CHARTER = "charter", "Charte"
    PROGRAMME = "programme", "Programme de formation"
    TEMPLATE = "template", "Modèle ou trame"
    OTHER = "other", "Autre outil"


class Licence(models.TextChoices):
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0 (partage dans les mêmes conditions)"
    CC_BY = "CC-BY-4.0", "CC BY 4.0 (attribution)"
    ETALAB = "etalab-2.0", "Licence Ouverte 2.0 (Etalab)"
    OTHER = "other", "Autre licence (précisée dans la description)"


class EventMeasure(models.TextChoices):
    """What an event counts; a charter sets a minimum on some of them."""

    JOB_SEEKERS = "job_seekers", "chercheurs d'emploi"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", "dont chômeurs de longue durée"
    WOMEN = "women", "femmes"
    MEN = "men", "hommes"
    COMPANIES = "companies", "entreprises"
    PUBLIC_PARTNERS = "public_partners", "partenaires publics"
    STRUCTURES_REACHED = "structures_reached", "structures sensibilisées"


# Every figure an event counts (the fields of activities.models.Event, in order).
EVENT_FIGURES = [
    "job_seekers",
    "long_term_unemployed",
    "women",
    "men",
    "companies",
    "companies_industry",
    "companies_retail",
    "companies_consulting",
    "companies_other_sector",
    "companies_tpe",
    "companies_pme",
    "companies_eti",
    "companies_large",
    "public_partners",
    "structures_reached",
]

# Companies of an event by sector and by size: (field, label).
COMPANY_SECTORS = [
    ("companies_industry", "industrie"),
    ("companies_retail", "commerce, vente, grande distribution"),
    ("companies_consulting", "conseil aux entreprises"),
    ("companies_other_sector", "autres secteurs"),
]
COMPANY_SIZES = [
    ("companies_tpe", "TPE"),
    ("companies_pme", "PME"),
    ("companies_eti", "ETI"),
    ("companies_large", "grandes entreprises"),
]
