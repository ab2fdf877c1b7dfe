from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_remove_programme_people"),
    ]

    # A plain column added, both ways: SQLite rebuilds a table for a field with a default, and
    # rebuilding programmes_programme would trip the reference triggers of the tables that name
    # it (core/references.py; as accounts 0008). The column keeps its default in the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE programmes_programme ADD COLUMN validated_only_for_readers boolean NOT NULL DEFAULT false",
                    reverse_sql="ALTER TABLE programmes_programme DROP COLUMN validated_only_for_readers",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="programme",
                    name="validated_only_for_readers",
                    field=models.BooleanField(
                        default=False,
                        help_text="Les financeurs et les pages publiques ne comptent que les valeurs validées par un évaluateur.",
                        verbose_name="financeurs et public : chiffres validés seulement",
                    ),
                ),
            ],
        )
    ]
