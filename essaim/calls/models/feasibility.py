from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from essaim.calls.enums import StudyStatus
from essaim.core.documents import stored_name, validate_document
from essaim.programmes.scope import scoped_manager


class FeasibilityStudy(models.Model):
    """The feasibility study of one innovation's swarming, in the method's five parts."""

    innovation = models.OneToOneField(
        "innovations.Innovation",
        verbose_name="innovation",
        on_delete=models.CASCADE,
        related_name="feasibility_study",
    )
    status = models.CharField("état", max_length=20, choices=StudyStatus.choices, default=StudyStatus.PLANNED)
    started_on = models.DateField("début", null=True, blank=True)
    finished_on = models.DateField("fin", null=True, blank=True)
    author = models.CharField("rédigée par", max_length=200, blank=True)
    philosophy = models.TextField("philosophie du projet", blank=True)
    deployment_framework = models.TextField("cadre de déploiement", blank=True)
    impact_analysis = models.TextField("analyse d'impact", blank=True)
    transferability = models.TextField("transférabilité", blank=True)
    swarming_scenario = models.TextField("scénario d'essaimage retenu", blank=True)
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords()

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "étude de faisabilité"
        verbose_name_plural = "études de faisabilité"
        ordering = ["innovation__entered_on", "innovation__code"]

    def __str__(self):
        return f"Étude de faisabilité — {self.innovation}"

    def clean(self):
        super().clean()
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            raise ValidationError({"finished_on": "La fin de l'étude ne peut pas précéder son début."})
        if self.status in (StudyStatus.WRITTEN, StudyStatus.VALIDATED) and self.started_on is None:
            raise ValidationError({"started_on": "Une étude rédigée a une date de début."})


def attachment_upload_to(attachment, filename):
    return stored_name(f"faisabilite/{attachment.study.innovation.code}", filename)


class StudyAttachment(models.Model):
    """A document attached to a feasibility study (the study itself, annexes, minutes)."""

    study = models.ForeignKey(
        FeasibilityStudy, verbose_name="étude", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier", upload_to=attachment_upload_to, validators=[validate_document], max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now, editable=False)

    objects = scoped_manager("study__innovation__programme")

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["study", "-uploaded_at"]

    def __str__(self):
        return self.title
