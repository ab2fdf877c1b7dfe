from django.db import models


class Source(models.Model):
    """Where a record or a figure comes from: a document and a section of it."""

    key = models.SlugField("clé", max_length=80, unique=True)
    document = models.CharField("document", max_length=20, blank=True, help_text="Numéro ou référence du document.")
    title = models.CharField("titre", max_length=300)
    section = models.CharField("section", max_length=300, blank=True)

    class Meta:
        verbose_name = "source"
        ordering = ["document", "key"]

    def __str__(self):
        return f"{self.title} — {self.section}" if self.section else self.title
