import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from essaim.core import references

# The user of each history row of a value, checked once per statement (essaim/core/references.py)
# rather than by a deferred constraint that queues one check per row written.
HISTORY_REFERENCES = {"history_user_id": "accounts_user"}


def install(apps, schema_editor):
    references.install(schema_editor, "evaluation_historicalvalue", HISTORY_REFERENCES)


def remove(apps, schema_editor):
    references.remove(schema_editor, "evaluation_historicalvalue", HISTORY_REFERENCES)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0008_one_unit_period_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalvalue",
            name="history_user",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(install, remove),
    ]
