from django.db import models


class PublishedFigure(models.Model):
    """A figure as a source document published it, kept as-is even when documents disagree."""

    key = models.SlugField("clé", max_length=80, unique=True)
    label = models.CharField("libellé", max_length=300)
    value = models.CharField("valeur publiée", max_length=20, help_text="Un nombre, « nc » ou « ne ».")
    source = models.ForeignKey("sources.Source", verbose_name="source", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "chiffre publié"
        verbose_name_plural = "chiffres publiés"
        ordering = ["key"]

    def __str__(self):
        return f"{self.label} : {self.value}"
