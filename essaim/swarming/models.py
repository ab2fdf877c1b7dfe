from django.db import models
from simple_history.models import HistoricalRecords

from essaim.core.history import DatedEntry
from essaim.programmes.scope import scoped_manager
from essaim.swarming.enums import AdoptionStatus


class AdoptionQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(status__in=AdoptionStatus.counted())

    def count_by_status(self):
        """Every status, in order, with its count: [{"code", "label", "count"}]."""
        counts = dict(self.order_by().values_list("status").annotate(n=models.Count("id")))
        return [{"code": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in AdoptionStatus]


class Adoption(models.Model):
    """One innovation adopted by one structure: the unit of evaluation."""

    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.PROTECT, related_name="adoptions"
    )
    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.PROTECT, related_name="adoptions"
    )
    since = models.DateField("depuis le")
    wave = models.CharField(
        "vague", max_length=40, blank=True, help_text="La vague ou cohorte : « 2016 », « cohorte 2 »…"
    )
    wave_led_by = models.ForeignKey(
        "organizations.Network",
        verbose_name="vague menée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waves",
        help_text=(
            "Le réseau qui a mené cette vague (par exemple le COORACE pour les cohortes 2 et 3) ; "
            "vide si l'AIS l'a menée."
        ),
    )
    status = models.CharField(
        "statut", max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.CANDIDATE, editable=False
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["status"])

    objects = scoped_manager("innovation__programme", AdoptionQuerySet)

    class Meta:
        verbose_name = "essaimage"
        verbose_name_plural = "essaimages"
        ordering = ["innovation", "since", "structure__sort_name", "structure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "structure"],
                name="unique_adoption",
                violation_error_message="Cette structure a déjà adopté cette innovation.",
            )
        ]

    def __str__(self):
        return f"{self.innovation.code} — {self.structure}"


class StatusChange(DatedEntry):
    """One dated change of an adoption's status."""

    parent_field = "adoption"
    state_field = "status"

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField("statut", max_length=20, choices=AdoptionStatus.choices)

    objects = scoped_manager("adoption__innovation__programme")

    class Meta(DatedEntry.Meta):
        verbose_name = "changement de statut"
        verbose_name_plural = "historique des statuts"
