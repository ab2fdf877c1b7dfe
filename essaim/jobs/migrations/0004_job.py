import django.db.models.deletion  # noqa: F401
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import migrations, models

import essaim.jobs.models


def move_files_to_storage(apps, schema_editor):
    """A finished export kept its file in the row: it moves to the default storage."""
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(status="done", content__isnull=False).iterator():
        name = essaim.jobs.models.job_file_path(job, job.filename or f"export-{job.pk}")
        job.file.save(name.rsplit("/", 1)[-1], ContentFile(bytes(job.content)), save=False)
        Job.objects.filter(pk=job.pk).update(file=job.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_exportjob_programme"),
        ("programmes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ExportJob", "Job"),
        migrations.AlterModelOptions(
            name="job",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "travail en arrière-plan",
                "verbose_name_plural": "travaux en arrière-plan",
            },
        ),
        migrations.AlterField(
            model_name="job",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="jobs", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="job", name="kind", field=models.CharField(max_length=30, verbose_name="travail")
        ),
        migrations.AlterField(
            model_name="job", name="as_of", field=models.DateField(blank=True, null=True, verbose_name="situation au")
        ),
        migrations.AlterField(
            model_name="job", name="format", field=models.CharField(blank=True, max_length=5, verbose_name="format")
        ),
        migrations.AddField(
            model_name="job", name="params", field=models.JSONField(blank=True, default=dict, verbose_name="paramètres")
        ),
        migrations.AddField(
            model_name="job",
            name="file",
            field=models.FileField(
                blank=True, max_length=300, upload_to=essaim.jobs.models.job_file_path, verbose_name="fichier produit"
            ),
        ),
        migrations.AddField(
            model_name="job", name="result", field=models.JSONField(blank=True, default=dict, verbose_name="résultat")
        ),
        migrations.AddField(
            model_name="job", name="attempts", field=models.PositiveSmallIntegerField(default=0, verbose_name="essais")
        ),
        migrations.AddField(
            model_name="job",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="commencé le"),
        ),
        migrations.AddField(
            model_name="job",
            name="used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="suite donnée le"),
        ),
        migrations.RunPython(move_files_to_storage, migrations.RunPython.noop),
        migrations.RemoveField(model_name="job", name="content"),
        migrations.AddIndex(
            model_name="job", index=models.Index(fields=["status", "created_at"], name="job_status_created")
        ),
    ]
