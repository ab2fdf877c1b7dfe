"""Loads the preloaded validation rules: people back in work cannot outnumber the people
reached, and a jump or a fall of people reached against its own history is flagged."""

from decimal import Decimal

from django.db import migrations

PRELOADED = [
    {
        "code": "employment-within-people",
        "name": "Retours à l'emploi ≤ personnes concernées",
        "kind": "comparison",
        "indicator": "returns_to_employment",
        "comparator": "lte",
        "other_indicator": "people_reached",
        "description": (
            "Les DELD revenus à l'emploi font partie des personnes concernées : pour une même unité "
            "(innovation ou structure) et une même date de fin, ils ne peuvent pas être plus nombreux."
        ),
    },
    {
        "code": "people-reached-outlier",
        "name": "Personnes concernées : écart à l'historique",
        "kind": "outlier",
        "indicator": "people_reached",
        "factor": Decimal("3"),
        "min_history": 3,
        "description": (
            "Signale un effectif plus de trois fois supérieur, ou inférieur au tiers, de la médiane des "
            "valeurs précédentes de la même unité (au moins trois valeurs chiffrées)."
        ),
    },
]


def load(apps, schema_editor):
    Indicator = apps.get_model("evaluation", "Indicator")
    ValidationRule = apps.get_model("evaluation", "ValidationRule")
    indicators = {i.code: i for i in Indicator.objects.all()}
    for rule in PRELOADED:
        fields = dict(rule)
        code = fields.pop("code")
        fields["indicator"] = indicators[fields["indicator"]]
        if "other_indicator" in fields:
            fields["other_indicator"] = indicators[fields["other_indicator"]]
        ValidationRule.objects.update_or_create(code=code, defaults=fields)


def unload(apps, schema_editor):
    apps.get_model("evaluation", "ValidationRule").objects.filter(code__in=[r["code"] for r in PRELOADED]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_validation_rules")]
    operations = [migrations.RunPython(load, unload)]
