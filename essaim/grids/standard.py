"""The standard scales, created by a data migration (0002) so that every database, an empty
one included, has them: bundles and the reference dataset refer to them by code.

Scores: the higher the better; « non renseigné » has none (it is never counted). Bands are mean
scores per rated item. The fidelity bands are those of the IPS supported-employment fidelity
scale (25 items scored 1 to 5: exemplary 115–125, good 100–114, fair 74–99, not meeting 73 or
less), divided by its 25 items, so that a fully rated grid falls in the same band as its total.
The bands of the two appropriation scales are Essaim's proposal (editable in the admin).
"""

UNKNOWN = "non renseigné"

APPROPRIATION_BANDS = [
    ("Appropriation avancée", "1.50"),
    ("Appropriation engagée", "0.75"),
    ("Appropriation faible", "0.00"),
]

STANDARD_SCALES = [
    {
        "code": "oui-en-cours-non",
        "name": "Oui / en cours / non",
        "description": (
            "Avancement d'une étape : oui (fixée), en cours (partiel), non. Grille du Lieu Ressources "
            "Emploi-Formation (003). Paliers proposés par Essaim."
        ),
        "levels": [
            ("oui", "oui / fixée", 2),
            ("en cours", "en cours / partiel", 1),
            ("non", "", 0),
            (UNKNOWN, "", None),
        ],
        "bands": APPROPRIATION_BANDS,
    },
    {
        "code": "positif-partiel-negatif",
        "name": "Positif / Partiellement / Négatif",
        "description": (
            "Appréciation d'une dimension de l'innovation. Grille VITA Air de juin 2018 (003). Paliers proposés "
            "par Essaim."
        ),
        "levels": [
            ("Positif", "", 2),
            ("Partiellement", "", 1),
            ("Négatif", "", 0),
            (UNKNOWN, "", None),
        ],
        "bands": APPROPRIATION_BANDS,
    },
    {
        "code": "fidelite-1-5",
        "name": "Fidélité de 1 à 5 (type IPS)",
        "description": (
            "Échelle de fidélité au modèle, chaque élément noté de 1 à 5, sur le modèle de l'échelle de fidélité "
            "IPS de l'emploi accompagné (25 éléments, total sur 125). Paliers IPS ramenés à la moyenne par "
            "élément : 115/25 = 4,60 ; 100/25 = 4,00 ; 74/25 = 2,96."
        ),
        "levels": [
            ("1", "1 — non mis en œuvre", 1),
            ("2", "2", 2),
            ("3", "3", 3),
            ("4", "4", 4),
            ("5", "5 — pleinement conforme", 5),
            (UNKNOWN, "", None),
        ],
        "bands": [
            ("Fidélité exemplaire", "4.60"),
            ("Bonne fidélité", "4.00"),
            ("Fidélité passable", "2.96"),
            ("Non conforme au modèle", "1.00"),
        ],
    },
]
