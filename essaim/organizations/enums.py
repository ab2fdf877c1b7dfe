from django.db import models


class StructureKind(models.TextChoices):
    AI = "AI", "Association intermédiaire (AI)"
    ACI = "ACI", "Atelier et chantier d'insertion (ACI)"
    EI = "EI", "Entreprise d'insertion (EI)"
    ETTI = "ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"
    EITI = "EITI", "Entreprise d'insertion par le travail indépendant (EITI)"
    GEIQ = "GEIQ", "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"
    EA = "EA", "Entreprise adaptée (EA)"
    CHRS = "CHRS", "Centre d'hébergement et de réinsertion sociale (CHRS)"
    CAARUD = "CAARUD", "Centre d'accueil et d'accompagnement à la réduction des risques (CAARUD)"
    CSAPA = "CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA)"
    MIFE = "MIFE", "Maison de l'information sur la formation et l'emploi (MIFE)"
    PLIE = "PLIE", "Plan local pour l'insertion et l'emploi (PLIE)"
    ML = "ML", "Mission locale"
    CREPI = "CREPI", "Club régional d'entreprises partenaires de l'insertion (CREPI)"
    CD = "CD", "Conseil départemental"
    CCAS = "CCAS", "Centre communal d'action sociale (CCAS)"
    ASSOCIATION = "ASSOCIATION", "Association"
    COMPANY = "COMPANY", "Entreprise"
    PUBLIC = "PUBLIC", "Organisme public"
    OTHER = "OTHER", "Autre"

    @classmethod
    def siae(cls):
        return [cls.AI, cls.ACI, cls.EI, cls.ETTI, cls.EITI]


SHORT_LABELS = {
    StructureKind.CD: "Conseil dép.",
    StructureKind.ML: "Mission locale",
    StructureKind.ASSOCIATION: "Association",
    StructureKind.COMPANY: "Entreprise",
    StructureKind.PUBLIC: "Public",
    StructureKind.OTHER: "Autre",
}


def short_label(kind):
    """The code for acronyms (ACI, CHRS…), a short word for the others."""
    return SHORT_LABELS.get(kind, kind)
