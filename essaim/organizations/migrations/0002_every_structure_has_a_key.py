"""Every structure gets a stable identifier (the slug of its name, numbered if taken)."""

from django.db import migrations
from django.utils.text import slugify


def assign(apps, schema_editor):
    Structure = apps.get_model("organizations", "Structure")
    taken = set(Structure.objects.exclude(key=None).values_list("key", flat=True))
    for structure in Structure.objects.filter(key=None).order_by("pk"):
        base = slugify(structure.name)[:70].strip("-") or "structure"
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        Structure.objects.filter(pk=structure.pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
