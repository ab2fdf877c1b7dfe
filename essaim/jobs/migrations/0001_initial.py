# The export job moves from the reports app to the jobs app: the same table, taken over in the
# migration state only (reports 0002 lets it go), then renamed (0002).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("reports", "0001_export_jobs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=20, verbose_name="rapport")),
                        ("code", models.CharField(blank=True, max_length=40, verbose_name="innovation")),
                        ("as_of", models.DateField(verbose_name="situation au")),
                        ("format", models.CharField(max_length=5, verbose_name="format")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "En attente"),
                                    ("running", "En cours"),
                                    ("done", "Terminé"),
                                    ("failed", "Échec"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        ("progress", models.FloatField(default=0, verbose_name="avancement")),
                        ("message", models.CharField(blank=True, max_length=200, verbose_name="étape")),
                        ("filename", models.CharField(blank=True, max_length=200, verbose_name="fichier")),
                        ("content_type", models.CharField(blank=True, max_length=100)),
                        ("content", models.BinaryField(null=True, verbose_name="contenu")),
                        ("error", models.TextField(blank=True, verbose_name="erreur")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="demandé le")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="terminé le")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="export_jobs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export",
                        "ordering": ["-created_at"],
                        "db_table": "reports_exportjob",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
