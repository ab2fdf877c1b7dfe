from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roles_become_memberships"),
    ]

    # A plain column drop, both ways: SQLite rebuilds a table for some changes, and rebuilding
    # accounts_user would trip the reference triggers of the tables that name it
    # (core/references.py).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="user", name="role")],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE accounts_user DROP COLUMN role",
                    reverse_sql="ALTER TABLE accounts_user ADD COLUMN role varchar(20) NOT NULL DEFAULT ''",
                )
            ],
        )
    ]
