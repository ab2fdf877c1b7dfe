"""Collection campaigns (*campagnes de collecte*): the programme asks, for one innovation or for
all, the figures of one period end, from an opening day to a deadline; entry locks some days
after the deadline (DHIS2's expiry days). Who answered, and when: `campaign_progress.py`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from essaim.accounts.perms import sees_everything
from essaim.evaluation.enums import Level
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

OPENS_TOO_EARLY = "La collecte s'ouvre une fois la période terminée : au plus tôt le jour où les chiffres sont arrêtés."


class Campaign(InProgramme):
    programme = programme_field(related_name="campaigns")
    title = models.CharField("intitulé", max_length=200)
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text="Vide : toutes les innovations du programme.",
    )
    period_end = models.DateField(
        "chiffres arrêtés au", help_text="La fin de la période dont les chiffres sont demandés."
    )
    indicators = models.ManyToManyField(
        "evaluation.Indicator",
        verbose_name="indicateurs demandés",
        blank=True,
        related_name="campaigns",
        help_text="Aucun : tous les indicateurs renseignés par les structures.",
    )
    opens_on = models.DateField("ouverture")
    deadline = models.DateField("échéance")
    lock_after_days = models.PositiveSmallIntegerField(
        "verrouillage (jours après l'échéance)",
        default=15,
        help_text="La saisie se ferme ce nombre de jours après l'échéance, sauf exception accordée à une structure.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "campagne de collecte"
        verbose_name_plural = "campagnes de collecte"
        ordering = ["-deadline", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": "L'échéance ne peut pas précéder l'ouverture."})
        if self.period_end and self.opens_on and self.opens_on < self.period_end:
            raise ValidationError({"opens_on": OPENS_TOO_EARLY})

    @property
    def locks_on(self):
        return self.deadline + timedelta(days=self.lock_after_days)

    def phase(self, today=None):
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "à venir"
        if today <= self.deadline:
            return "ouverte"
        if today <= self.locks_on:
            return "échue"
        return "close"

    def asked_indicators(self):
        chosen = list(self.indicators.all())
        if chosen:
            return chosen
        indicators = self.indicators.model.objects.base()
        return list(indicators.filter(levels__in=[Level.STRUCTURE, Level.BOTH]))


class Reminder(models.Model):
    """A reminder e-mail sent to one person: the daily digest of what their structures still owe
    (`manage.py send_reminders`, once a day at most), or one structure's, sent by hand from a
    campaign's page. Its lines say which campaign and structure it was about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="destinataire", on_delete=models.CASCADE, related_name="reminders"
    )
    email = models.EmailField("adresse")
    sent_on = models.DateField("envoyé le")
    by_hand = models.BooleanField("envoyé à la main", default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "relance"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on"], condition=models.Q(by_hand=False), name="one_digest_a_day"
            )
        ]

    def __str__(self):
        return f"Relance de {self.email} le {self.sent_on:%d/%m/%Y}"


class ReminderLine(models.Model):
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="lines")
    campaign = models.ForeignKey(Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="reminders")
    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    answered = models.PositiveSmallIntegerField("indicateurs renseignés")
    asked = models.PositiveSmallIntegerField("indicateurs demandés")

    objects = scoped_manager("campaign__programme")

    class Meta:
        verbose_name = "ligne de relance"

    def __str__(self):
        return f"{self.structure} — {self.campaign}"


class LockException(models.Model):
    """The team lets one structure enter a campaign's figures after entry locked, until a day."""

    campaign = models.ForeignKey(Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="exceptions")
    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="+"
    )
    until = models.DateField("saisie permise jusqu'au")
    reason = models.CharField("motif", max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="accordée par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField("accordée le", auto_now_add=True)

    objects = scoped_manager("campaign__programme")

    class Meta:
        verbose_name = "exception au verrouillage"
        verbose_name_plural = "exceptions au verrouillage"
        ordering = ["-granted_at"]

    def __str__(self):
        return f"{self.structure} — {self.campaign} (jusqu'au {self.until:%d/%m/%Y})"


def locking(innovation_id, structure_id, period_end, today=None):
    """The campaign whose lock closes this structure's entry of these figures today, or None:
    a campaign of that period end (for the innovation, or for all), locked since before today,
    with no exception for the structure still running."""
    today = today or timezone.localdate()
    candidates = Campaign.objects.filter(period_end=period_end).filter(
        models.Q(innovation_id=innovation_id) | models.Q(innovation__isnull=True)
    )
    for campaign in candidates.order_by("deadline"):
        if campaign.locks_on >= today:
            continue
        if not campaign.exceptions.filter(structure_id=structure_id, until__gte=today).exists():
            return campaign
    return None


def locked_message(campaign, period_end):
    return (
        f"saisie fermée pour les chiffres arrêtés au {period_end:%d/%m/%Y} depuis le "
        f"{campaign.locks_on + timedelta(days=1):%d/%m/%Y} (campagne « {campaign.title} ») : "
        "demandez une exception à l'équipe du programme."
    )


def bound_by_lock(user):
    """Whether the locks apply to the user: structure members and porteurs do; the team and
    evaluators may still correct a figure (their name stays in its history)."""
    return not sees_everything(user)
