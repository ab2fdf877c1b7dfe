"""Innovations sort on a key of their name where a list is by name (essaim/core/text.py)."""

from django.db import migrations

import essaim.core.text


def fill(apps, schema_editor):
    model = apps.get_model("innovations", "Innovation")
    rows = list(model.objects.only("pk", "name"))
    for row in rows:
        row.sort_name = essaim.core.text.sort_key(row.name)
    model.objects.bulk_update(rows, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0002_historicalstepchange"),
    ]

    operations = [
        migrations.AddField(
            model_name="innovation",
            name="sort_name",
            field=essaim.core.text.SortKeyField(source="name", verbose_name="clé de tri du nom"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
