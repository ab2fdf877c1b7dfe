from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from essaim.programmes.scope import scoped_manager

# A job still running this long after it began was cut short (its worker stopped); one still
# waiting this long finds no worker running.
STALE_AFTER_SECONDS = 30 * 60
WAITING_LONG_SECONDS = 5 * 60


def job_file_path(job, filename):
    return f"travaux/{job.created_at:%Y/%m}/{job.pk}-{filename}"


class Job(models.Model):
    """Work done in the background by a worker (jobs/runner.py): a report being written, an
    uploaded file being checked or imported. Who asked, what, how far it got, and what it made
    (a file in the default storage, or a result the page shows)."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Échec"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("travail", max_length=30)
    code = models.CharField("innovation", max_length=40, blank=True)
    as_of = models.DateField("situation au", null=True, blank=True)
    format = models.CharField("format", max_length=5, blank=True)
    params = models.JSONField("paramètres", default=dict, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.FloatField("avancement", default=0)
    message = models.CharField("étape", max_length=200, blank=True)
    filename = models.CharField("fichier", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField("fichier produit", upload_to=job_file_path, max_length=300, blank=True)
    result = models.JSONField("résultat", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    used_at = models.DateTimeField("suite donnée le", null=True, blank=True)

    objects = scoped_manager("programme", shared=True)  # a job asked outside any programme: its owner's

    class Meta:
        verbose_name = "travail en arrière-plan"
        verbose_name_plural = "travaux en arrière-plan"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]

    def __str__(self):
        return f"{self.title} — {self.get_status_display()}"

    @property
    def title(self):
        """What the job is, for its page and the lists."""
        if self.params.get("title"):
            return self.params["title"]
        if self.filename:
            return self.filename
        what = "Évaluation consolidée" if self.kind == "consolidated" else f"Rapport {self.code or self.kind}"
        day = f" au {date_format(self.as_of, 'j F Y')}" if self.as_of else ""
        fmt = f" ({self.format.upper()})" if self.format else ""
        return f"{what}{day}{fmt}"

    @property
    def percent(self):
        return round(100 * self.progress)

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.stale

    @property
    def stale(self):
        """Still running long after it began: its worker stopped while it ran."""
        began = self.started_at or self.created_at
        running = self.status == self.Status.RUNNING
        return running and (timezone.now() - began).total_seconds() > STALE_AFTER_SECONDS

    @property
    def waiting_long(self):
        """Still waiting long after it was asked: no worker is taking the queue."""
        waiting = self.status == self.Status.PENDING
        return waiting and (timezone.now() - self.created_at).total_seconds() > WAITING_LONG_SECONDS

    @property
    def can_retry(self):
        return self.status == self.Status.FAILED or self.stale
