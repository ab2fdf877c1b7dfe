"""Creates the standard scales (essaim/grids/standard.py)."""

from decimal import Decimal

from django.db import migrations

from essaim.grids.standard import STANDARD_SCALES


def load(apps, schema_editor):
    Scale = apps.get_model("grids", "Scale")
    for spec in STANDARD_SCALES:
        scale, _ = Scale.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "description": spec["description"], "is_standard": True},
        )
        for position, (label, legend, score) in enumerate(spec["levels"], start=1):
            scale.levels.update_or_create(
                label=label, defaults={"position": position, "legend": legend, "score": score}
            )
        for label, threshold in spec["bands"]:
            scale.bands.update_or_create(min_score=Decimal(threshold), defaults={"label": label})


def unload(apps, schema_editor):
    """Remove the standard scales no grid uses (a scale in use stays: grids protect it)."""
    apps.get_model("grids", "Scale").objects.filter(is_standard=True, grids__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("grids", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
