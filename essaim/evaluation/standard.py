"""The standard indicator set (Annexe I of the 2019 consolidated evaluation), all `last`."""

STANDARD_INDICATORS = [
    # code, label, unit, levels, operation, operands
    ("structures_reached", "Structures essaimées", "structures", "innovation", "", []),
    ("people_reached", "Personnes concernées (DELD et jeunes)", "personnes", "both", "", []),
    ("returns_to_employment", "DELD revenus à l'emploi", "personnes", "both", "", []),
    ("professionals_involved", "Professionnels impliqués", "personnes", "both", "", []),
    ("companies_involved", "Entreprises et partenaires privés", "entreprises", "both", "", []),
    (
        "people_involved_total",
        "Total des personnes impliquées",
        "personnes",
        "both",
        "sum",
        ["people_reached", "professionals_involved"],
    ),
    (
        "people_per_structure",
        "Personnes par structure",
        "personnes",
        "both",
        "ratio",
        ["people_reached", "structures_reached"],
    ),
]
