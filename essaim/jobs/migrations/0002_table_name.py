from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("reports", "0002_export_job_moves_to_jobs"),
    ]

    operations = [
        migrations.AlterModelTable(name="exportjob", table=None),
    ]
