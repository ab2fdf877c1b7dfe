from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN and follow their own check rule.
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"  # the head office follows Luhn


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value):
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(
            "Le SIRET « %(value)s » doit compter exactement 14 chiffres.", code="siret_format", params={"value": value}
        )
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE:
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_ok(value)
    if not valid:
        raise ValidationError(
            "Le SIRET « %(value)s » n'est pas valide (clé de contrôle incorrecte) : vérifiez sa saisie.",
            code="siret_checksum",
            params={"value": value},
        )
