from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from essaim.core.text import SortKeyField
from essaim.organizations.enums import StructureKind, short_label
from essaim.organizations.validators import validate_siret


class Network(models.Model):
    """A network structures belong to (COORACE, FAS, CNLRQ, TAPAJ France…)."""

    code = models.SlugField("code", max_length=40, unique=True, allow_unicode=False)
    name = models.CharField("nom", max_length=200)
    sort_name = SortKeyField("clé de tri du nom")
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "réseau"
        verbose_name_plural = "réseaux"
        ordering = ["sort_name", "id"]

    def __str__(self):
        return self.name


def free_key(name, structures):
    """A stable identifier for a new structure: the slug of its name, numbered if taken."""
    base = slugify(name)[:70].strip("-") or "structure"
    taken = set(structures.filter(key__startswith=base).values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


class StructureQuerySet(models.QuerySet):
    def adopting(self):
        """Structures with at least one adoption in the current programme (in any, outside one):
        through the adoptions' scoped manager, which a join would bypass."""
        adoptions = self.model._meta.get_field("adoptions").related_model.objects
        return self.filter(pk__in=adoptions.values("structure_id"))


class Structure(models.Model):
    """An organisation: a porteur, an adopting structure, a network member…"""

    key = models.SlugField(
        "identifiant stable",
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifiant utilisé par les fichiers d'échange ; donné d'après le nom s'il est laissé vide.",
        error_messages={"unique": "Une structure porte déjà cet identifiant."},
    )
    name = models.CharField("nom", max_length=200)
    sort_name = SortKeyField("clé de tri du nom")  # names in the order people expect (core/text.py)
    kind = models.CharField("type", max_length=12, choices=StructureKind.choices)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_siret],
        error_messages={"unique": "Une structure porte déjà ce SIRET."},
    )
    departement = models.ForeignKey(
        "territories.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="structures",
        error_messages={"invalid_choice": "Département inconnu : choisissez un code COG existant."},
    )
    city = models.CharField("commune", max_length=120, blank=True)
    networks = models.ManyToManyField(Network, verbose_name="réseaux", blank=True, related_name="structures")
    is_placeholder = models.BooleanField(
        "structure non nommée",
        default=False,
        help_text="Structure que les sources comptent sans la nommer.",
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["key", "sort_name"])

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["sort_name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.siret = self.siret or None
        self.key = self.key or free_key(self.name, Structure.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    @property
    def kind_short(self):
        return short_label(self.kind)
