from django.conf import settings
from django.db import models
from django.utils.formats import date_format

from essaim.programmes.scope import scoped_manager

STALE_AFTER_SECONDS = 30 * 60


class ExportJob(models.Model):
    """A report being written in the background (a PDF can take a while at national scale):
    who asked, what, how far it got, and the file once done."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Échec"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("rapport", max_length=20)
    code = models.CharField("innovation", max_length=40, blank=True)
    as_of = models.DateField("situation au")
    format = models.CharField("format", max_length=5)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.FloatField("avancement", default=0)
    message = models.CharField("étape", max_length=200, blank=True)
    filename = models.CharField("fichier", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField("contenu", null=True, editable=False)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    objects = scoped_manager("programme", shared=True)  # a job asked outside any programme: its owner's

    class Meta:
        verbose_name = "export"
        ordering = ["-created_at"]

    def __str__(self):
        day = date_format(self.as_of, "j N Y")
        what = self.filename or f"{self.code or 'Programme'} au {day} ({self.format.upper()})"
        return f"{what} — {self.get_status_display()}"

    @property
    def percent(self):
        return round(100 * self.progress)

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.stale

    @property
    def stale(self):
        """Still pending or running long after it began: the server stopped while it ran."""
        from django.utils import timezone

        unfinished = self.status in (self.Status.PENDING, self.Status.RUNNING)
        return unfinished and (timezone.now() - self.created_at).total_seconds() > STALE_AFTER_SECONDS
