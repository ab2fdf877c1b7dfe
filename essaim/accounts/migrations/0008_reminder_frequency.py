from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_invitations"),
    ]

    # A plain column added, both ways: SQLite rebuilds a table for most field changes, and
    # rebuilding accounts_user would trip the reference triggers of the tables that name it
    # (core/references.py; as 0006). The column keeps its default in the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE accounts_user ADD COLUMN reminder_frequency varchar(10) NOT NULL DEFAULT 'each'",
                    reverse_sql="ALTER TABLE accounts_user DROP COLUMN reminder_frequency",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="user",
                    name="reminder_frequency",
                    field=models.CharField(
                        choices=[
                            (
                                "each",
                                "À chaque relance : 7 jours et 1 jour avant l'échéance, le lendemain, puis chaque semaine",
                            ),
                            ("weekly", "Au plus une fois par semaine"),
                            ("none", "Jamais : je suis les campagnes moi-même"),
                        ],
                        default="each",
                        help_text="Les relances des campagnes de collecte, pour les structures dont vous êtes le référent.",
                        max_length=10,
                        verbose_name="relances par courriel",
                    ),
                ),
            ],
        )
    ]
