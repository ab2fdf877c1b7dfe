from django.db import models

from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


class PublishedFigure(InProgramme):
    """A figure as a source document published it, kept as-is even when documents disagree.

    `measure`, `innovation` and `as_of` say which computed figure it can be checked against
    (`essaim/reports/published.py`): a key figure code, an indicator code, or a drop-out count,
    for one innovation or the whole programme, on the date the document describes."""

    key = models.SlugField("clé", max_length=80)
    label = models.CharField("libellé", max_length=300)
    value = models.CharField("valeur publiée", max_length=20, help_text="Un nombre, « nc » ou « ne ».")
    source = models.ForeignKey("sources.Source", verbose_name="source", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(
        "chiffre calculé correspondant",
        max_length=60,
        blank=True,
        help_text="Code d'un chiffre clé ou d'un indicateur ; vide si Essaim ne le calcule pas.",
    )
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="published_figures",
        help_text="Vide pour un chiffre du programme entier.",
    )
    as_of = models.DateField("date décrite", null=True, blank=True)
    date_note = models.CharField("précision sur la date", max_length=300, blank=True)

    programme = programme_field(related_name="published_figures")
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "chiffre publié"
        verbose_name_plural = "chiffres publiés"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"],
                name="unique_published_figure_key",
                violation_error_message="Un chiffre publié porte déjà cette clé.",
            ),
        ]

    def __str__(self):
        return f"{self.label} : {self.value}"
