"""Loads the standard indicator set."""

from django.db import migrations

from essaim.evaluation.standard import STANDARD_INDICATORS


def load(apps, schema_editor):
    Indicator = apps.get_model("evaluation", "Indicator")
    for position, (code, label, unit, levels, operation, operands) in enumerate(STANDARD_INDICATORS, start=1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "unit": unit,
                "aggregation": "last",
                "levels": levels,
                "operation": operation,
                "operands": operands,
                "position": position * 10,
                "is_standard": True,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("evaluation", "Indicator").objects.filter(is_standard=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
