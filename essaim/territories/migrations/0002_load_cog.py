"""Loads the 18 régions and 101 départements of the official geographic code (COG)."""

from django.db import migrations

from essaim.territories.cog import DEPARTEMENTS, REGIONS


def load(apps, schema_editor):
    Region = apps.get_model("territories", "Region")
    Departement = apps.get_model("territories", "Departement")
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, region in DEPARTEMENTS:
        Departement.objects.update_or_create(code=code, defaults={"name": name, "region_id": region})


def unload(apps, schema_editor):
    apps.get_model("territories", "Departement").objects.all().delete()
    apps.get_model("territories", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
