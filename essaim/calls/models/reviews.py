from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from essaim.calls.enums import Outcome
from essaim.programmes.scope import scoped_manager


class Review(models.Model):
    """One reviewer assigned to one candidate, and the review they send (once sent, final)."""

    candidate = models.ForeignKey(
        "calls.Candidate", verbose_name="candidature", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="évaluateur", on_delete=models.CASCADE, related_name="call_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="désigné par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField("désigné le", default=timezone.now)
    conflict_declared = models.BooleanField("conflit d'intérêts déclaré", default=False)
    conflict_note = models.CharField("motif du conflit d'intérêts", max_length=300, blank=True)
    comment = models.TextField("appréciation d'ensemble", blank=True)
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)

    objects = scoped_manager("candidate__call__programme")

    class Meta:
        verbose_name = "évaluation d'une candidature"
        verbose_name_plural = "évaluations des candidatures"
        ordering = ["candidate", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "reviewer"],
                name="unique_review",
                violation_error_message="Cette personne évalue déjà cette candidature.",
            )
        ]

    def __str__(self):
        return f"{self.candidate} — {self.reviewer}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def total(self):
        return sum(score.value for score in self.scores.all())


class Score(models.Model):
    """A reviewer's score on one criterion of the rubric, with a comment."""

    review = models.ForeignKey(Review, verbose_name="évaluation", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "calls.Criterion", verbose_name="critère", on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField("note")
    comment = models.CharField("commentaire", max_length=1000, blank=True)

    objects = scoped_manager("review__candidate__call__programme")

    class Meta:
        verbose_name = "note"
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="unique_score",
                violation_error_message="Ce critère est déjà noté dans cette évaluation.",
            )
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"

    def clean(self):
        super().clean()
        if self.value is None or not self.criterion_id:
            return
        if not 0 <= self.value <= self.criterion.max_score:
            raise ValidationError(
                {
                    "value": f"« {self.criterion.label} » se note de 0 à {self.criterion.max_score} : "
                    f"{self.value} est hors de la grille."
                }
            )


class Decision(models.Model):
    """A selection committee's decision on a candidate, dated, with its minutes. A candidate
    may be postponed then decided again; the latest decision is the candidate's outcome."""

    candidate = models.ForeignKey(
        "calls.Candidate", verbose_name="candidature", on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField("décision", max_length=20, choices=Outcome.choices)
    decided_on = models.DateField("date du comité")
    minutes = models.TextField("compte rendu du comité", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("saisie le", default=timezone.now, editable=False)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager("candidate__call__programme")

    class Meta:
        verbose_name = "décision du comité de sélection"
        verbose_name_plural = "décisions du comité de sélection"
        ordering = ["candidate", "decided_on", "id"]

    def __str__(self):
        return f"{self.candidate} : {self.get_outcome_display()} ({date_format(self.decided_on, 'j N Y')})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        latest = Decision.objects.filter(candidate_id=self.candidate_id).order_by("-decided_on", "-id").first()
        type(self.candidate).objects.filter(pk=self.candidate_id).update(outcome=latest.outcome)
        self.candidate.outcome = latest.outcome

    def clean(self):
        super().clean()
        if self.decided_on is None or not self.candidate_id:
            return
        if self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": "La date du comité ne peut pas être dans le futur."})
        if self.candidate.submitted_on and self.decided_on < self.candidate.submitted_on:
            raise ValidationError({"decided_on": "Le comité ne peut pas décider avant la réception de la candidature."})
        later = Decision.objects.filter(candidate_id=self.candidate_id, decided_on__gt=self.decided_on)
        if later.exclude(pk=self.pk).exists():
            raise ValidationError({"decided_on": "Une décision plus récente est déjà enregistrée pour ce projet."})
