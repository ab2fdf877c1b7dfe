# The export job now belongs to the jobs app (jobs 0001 takes over its table): removed from the
# reports app's state only, the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_export_jobs"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExportJob")],
            database_operations=[],
        ),
    ]
