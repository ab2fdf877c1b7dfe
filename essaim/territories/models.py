from django.db import models


class Region(models.Model):
    """A French région, by its official COG code."""

    code = models.CharField("code COG", max_length=2, primary_key=True)
    name = models.CharField("nom", max_length=80, unique=True)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    """A French département, by its official COG code (01…95, 2A, 2B, 971…976)."""

    code = models.CharField("code COG", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=80, unique=True)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"
