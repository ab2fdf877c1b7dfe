"""The vocabulary of following people: who they are (bands, flags) and where they are (situations).

Codes are English and stable (files use them); labels are French. The exit categories and their
sub-types are those of the ASP / DARES for the IAE (DOMAIN.md); `classify` holds their rules.
"""

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Femme"
    MALE = "H", "Homme"
    UNKNOWN = "X", "Non renseigné"


class AgeBand(models.TextChoices):
    """The bands of the INSEE reference rates (15–24, 50–64), so that they can be compared."""

    UNDER_25 = "under_25", "Moins de 25 ans"
    FROM_25_TO_49 = "25_49", "25 à 49 ans"
    FROM_50 = "50_plus", "50 ans et plus"

    @classmethod
    def of_age(cls, age):
        if age < 25:
            return cls.UNDER_25
        return cls.FROM_25_TO_49 if age < 50 else cls.FROM_50


class DurationBand(models.TextChoices):
    """Time registered as a job seeker at entry. DELD: a year or more; DETLD: two years or more."""

    UNDER_1 = "under_1y", "Moins d'un an"
    FROM_1_TO_2 = "1_2y", "1 à 2 ans (DELD)"
    FROM_2_TO_3 = "2_3y", "2 à 3 ans (DETLD)"
    FROM_3 = "3y_plus", "3 ans ou plus (DETLD)"
    UNKNOWN = "unknown", "Non inscrit ou inconnu"

    @classmethod
    def deld(cls):
        return [cls.FROM_1_TO_2, cls.FROM_2_TO_3, cls.FROM_3]

    @classmethod
    def detld(cls):
        return [cls.FROM_2_TO_3, cls.FROM_3]


class Arm(models.TextChoices):
    """A person follows the innovation, or belongs to a comparison group followed the same way."""

    INNOVATION = "innovation", "Accompagné par l'innovation"
    COMPARISON = "comparison", "Groupe de comparaison"


class Category(models.TextChoices):
    """Where a person is on a date: an exit category of the ASP / DARES, or still in the path."""

    DURABLE = "durable", "Emploi durable"
    TRANSITION = "transition", "Emploi de transition"
    POSITIVE = "positive", "Sortie positive"
    OTHER = "other", "Autre sortie"
    WITHDRAWN = "withdrawn", "Retrait"
    ONGOING = "ongoing", "En parcours"

    @classmethod
    def dynamic(cls):
        """The « sorties dynamiques »: durable, transition and positive exits."""
        return [cls.DURABLE, cls.TRANSITION, cls.POSITIVE]

    @classmethod
    def employment(cls):
        return [cls.DURABLE, cls.TRANSITION]


class SubType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    TEMP_WORK = "temp_work", "Intérim (missions)"
    CIVIL_SERVICE = "civil_service", "Titularisation dans la fonction publique"
    BUSINESS = "business_creation", "Création ou reprise d'entreprise"
    SUBSIDISED = "subsidised_contract", "Contrat aidé chez un employeur ordinaire"
    TRAINING = "qualifying_training", "Formation qualifiante"
    OTHER_SIAE = "other_siae", "Embauche dans une autre SIAE"
    UNEMPLOYMENT = "unemployment", "Au chômage"
    INACTIVITY = "inactivity", "Inactivité"
    NO_NEWS = "no_news", "Sans nouvelles"
    OTHER_EXIT = "other_exit", "Autre sortie"
    MISCONDUCT = "serious_misconduct", "Licenciement pour faute grave"
    ILLNESS = "long_illness", "Maladie de longue durée"
    DEATH = "death", "Décès"
    ONGOING = "ongoing", "En parcours (pas encore sorti)"


DURABLE_MONTHS = 6  # a contract of 6 months or more is a durable job
BY_LENGTH = {SubType.CDD, SubType.TEMP_WORK}  # durable or transition according to their length
FIXED_CATEGORY = {
    SubType.CDI: Category.DURABLE,
    SubType.CIVIL_SERVICE: Category.DURABLE,
    SubType.BUSINESS: Category.DURABLE,
    SubType.SUBSIDISED: Category.TRANSITION,
    SubType.TRAINING: Category.POSITIVE,
    SubType.OTHER_SIAE: Category.POSITIVE,
    SubType.UNEMPLOYMENT: Category.OTHER,
    SubType.INACTIVITY: Category.OTHER,
    SubType.NO_NEWS: Category.OTHER,
    SubType.OTHER_EXIT: Category.OTHER,
    SubType.MISCONDUCT: Category.WITHDRAWN,
    SubType.ILLNESS: Category.WITHDRAWN,
    SubType.DEATH: Category.WITHDRAWN,
    SubType.ONGOING: Category.ONGOING,
}


def classify(subtype, months=None):
    """The category of a sub-type: a CDD or temporary work of 6 months or more is a durable job,
    under 6 months a transitional one; every other sub-type has one category."""
    if subtype in BY_LENGTH:
        if months is None:
            raise ValueError("durée du contrat requise")
        return Category.DURABLE if months >= DURABLE_MONTHS else Category.TRANSITION
    return FIXED_CATEGORY[SubType(subtype)]


def subtypes_of(category):
    """The sub-types that may fall in a category (CDD and temporary work in both job categories)."""
    found = [s for s, c in FIXED_CATEGORY.items() if c == category]
    if category in (Category.DURABLE, Category.TRANSITION):
        found = [*sorted(BY_LENGTH), *found]
    return found


class Milestone(models.TextChoices):
    ENTRY = "entry", "À l'entrée"
    M6 = "m6", "À 6 mois"
    M12 = "m12", "À 12 mois"
    M18 = "m18", "À 18 mois"
    OTHER = "other", "À une autre date"

    @property
    def months(self):
        return {"entry": 0, "m6": 6, "m12": 12, "m18": 18}.get(self.value)


HORIZONS = (6, 12, 18)


class Flag(models.TextChoices):
    """Situation flags of a person at entry: the field of Enrolment with the same name."""

    NEET = "neet", "NEET (ni en emploi, ni en études, ni en formation)"
    SHELTERED = "sheltered", "Hébergé (CHRS, centre d'hébergement)"
    RQTH = "rqth", "RQTH (travailleur handicapé)"
    QPV = "qpv", "Résident d'un QPV"
    RSA = "rsa", "Allocataire du RSA"


class Kind(models.TextChoices):
    """What an access to person-level data does: read, or write in one of four ways."""

    READ = "read", "Lecture"
    CREATE = "create", "Création"
    CHANGE = "change", "Modification"
    ERASE = "erase", "Effacement"
    IMPORT = "import", "Import"


class Action(models.TextChoices):
    """What a line of the access log records; its kind is `kind`."""

    LIST = "list", "Liste des personnes"
    DETAIL = "detail", "Fiche d'une personne"
    FIND = "find", "Recherche par référence"
    EXPORT_PERSON = "export_person", "Export d'une personne"
    EXPORT_LIST = "export_list", "Export des personnes"
    CREATE_PERSON = "create_person", "Enregistrement d'une personne"
    ADD_ENROLMENT = "add_enrolment", "Nouvelle entrée d'une personne"
    ADD_SITUATION = "add_situation", "Nouvelle situation"
    CHANGE_SITUATION = "change_situation", "Correction d'une situation"
    ERASE = "erase", "Effacement d'une personne"
    IMPORT = "import", "Dépôt d'un fichier"
    PURGE = "purge", "Purge des dossiers sans contact"

    @property
    def kind(self):
        return ACTION_KINDS.get(self, Kind.READ)


ACTION_KINDS = {
    Action.CREATE_PERSON: Kind.CREATE,
    Action.ADD_ENROLMENT: Kind.CREATE,
    Action.ADD_SITUATION: Kind.CREATE,
    Action.CHANGE_SITUATION: Kind.CHANGE,
    Action.ERASE: Kind.ERASE,
    Action.PURGE: Kind.ERASE,
    Action.IMPORT: Kind.IMPORT,
}
