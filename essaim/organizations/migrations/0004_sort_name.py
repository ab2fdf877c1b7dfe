"""Structures and networks sort on a key of their name (essaim/core/text.py): « Abeilles » before
« ATD Quart Monde », « n°2 » before « n°10 », on SQLite and PostgreSQL alike."""

from django.db import migrations

import essaim.core.text


def fill(apps, schema_editor):
    for name in ("Structure", "Network"):
        model = apps.get_model("organizations", name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.sort_name = essaim.core.text.sort_key(row.name)
        model.objects.bulk_update(rows, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_structure_key_given_from_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="network",
            name="sort_name",
            field=essaim.core.text.SortKeyField(source="name", verbose_name="clé de tri du nom"),
        ),
        migrations.AddField(
            model_name="structure",
            name="sort_name",
            field=essaim.core.text.SortKeyField(source="name", verbose_name="clé de tri du nom"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="network", options={"ordering": ["sort_name", "id"], "verbose_name": "réseau"}
        ),
        migrations.AlterModelOptions(
            name="structure", options={"ordering": ["sort_name", "id"], "verbose_name": "structure"}
        ),
    ]
