from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from essaim.activities.enums import Licence, ToolKind
from essaim.core.documents import stored_name, validate_document
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


def tool_upload_to(tool, filename):
    folder = tool.innovation.code if tool.innovation_id else "programme"
    return stored_name(f"boite-a-outils/{folder}", filename)


class Tool(InProgramme):
    """A tool handed over freely to the adopting structures: a methodological guide, a charter,
    a training programme, a template. Shared under an open licence; once published, anyone may
    download it."""

    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tools",
        help_text="Vide pour un outil du programme entier.",
    )
    kind = models.CharField("type", max_length=12, choices=ToolKind.choices)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    version = models.CharField("version", max_length=20, default="1.0")
    licence = models.CharField("licence", max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    authors = models.CharField("auteurs", max_length=300, blank=True)
    file = models.FileField(
        "fichier", upload_to=tool_upload_to, validators=[validate_document], blank=True, max_length=200
    )
    published = models.BooleanField("publié", default=False)
    published_on = models.DateField("publié le", null=True, blank=True, editable=False)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    programme = programme_field(related_name="tools")
    programme_from = "innovation"
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "outil"
        verbose_name_plural = "boîte à outils"
        ordering = ["innovation__code", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "title", "version"],
                name="unique_tool_version",
                violation_error_message="Cet outil existe déjà dans cette version : changez le numéro de version.",
            )
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.published and self.published_on is None:
            self.published_on = timezone.localdate()
        if not self.published:
            self.published_on = None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.published and not self.file:
            raise ValidationError({"file": "Déposez le fichier avant de publier cet outil."})

    @property
    def licence_short(self):
        return self.get_licence_display().split(" (")[0]
