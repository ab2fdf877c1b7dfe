from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models

code_validator = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
    "Le code s'écrit en majuscules, chiffres et tirets, par exemple « AIS-EMPLOI ».",
    code="code_format",
)

LOGO_MAX_BYTES = 1024 * 1024
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]  # no SVG: an SVG may carry scripts


def validate_logo(file):
    """A logo is a real PNG, JPEG or WebP image of at most 1 Mo."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(f"Le logo pèse {file.size // 1024} Ko : 1 024 Ko au plus.")
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("Ce fichier n'est pas une image PNG, JPEG ou WebP lisible.") from None
    finally:
        file.seek(0)
    if kind not in {"PNG", "JPEG", "WEBP"}:
        raise ValidationError("Le logo doit être une image PNG, JPEG ou WebP.")


REFERENCE_CODE = "AIS-EMPLOI"
REFERENCE_NAME = "AIS#Emploi"


class Programme(models.Model):
    """One accelerator run on this installation: its innovations, calls, own indicators,
    activities, grids, adoptions, values and people belong to it (programmes/scope.py keeps each
    page, export, command and job inside one). Structures, territories and the standard indicator
    set are shared by all."""

    code = models.CharField(
        "code",
        max_length=40,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": "Un programme porte déjà ce code."},
    )
    name = models.CharField("nom", max_length=200)
    operator = models.CharField("opérateur", max_length=200, blank=True, help_text="Qui anime le programme.")
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    logo = models.FileField(
        "logo",
        upload_to="programmes/",
        blank=True,
        validators=[FileExtensionValidator(LOGO_EXTENSIONS), validate_logo],
        help_text="PNG, JPEG ou WebP, 1 Mo au plus : il figure sur les pages publiques du programme.",
    )
    public_intro = models.TextField("texte des pages publiques", blank=True)
    email_sender = models.EmailField("expéditeur des courriels", blank=True)
    validated_only_for_readers = models.BooleanField(
        "financeurs et public : chiffres validés seulement",
        default=False,
        help_text="Les financeurs et les pages publiques ne comptent que les valeurs validées par un évaluateur.",
    )

    class Meta:
        verbose_name = "programme"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin ne peut pas précéder le début du programme."})

    @property
    def title(self):
        """How pages and documents name it: « Programme AIS#Emploi » for a name of one word (an
        acronym, a brand), the name itself otherwise (« Accélérateur de la Croix-Rouge »)."""
        return self.name if " " in self.name.strip() else f"Programme {self.name}"


class ProgrammeRequired(Exception):
    """A record was created outside any programme while several exist."""


def default_programme():
    """The programme a new record belongs to when its code names none: the current one (a page,
    a command's --programme, a job), else the installation's only programme. None on an
    installation without programmes: saving then fails, so that a record never lands in a
    programme nobody chose (`ensure_programme` makes one where a command may)."""
    from essaim.programmes import scope

    programme_id = scope.current_id()
    if programme_id is not None:
        return programme_id
    ids = list(Programme.objects.values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return ids[0]
    if not ids:
        return None
    names = ", ".join(Programme.objects.values_list("code", flat=True))
    raise ProgrammeRequired(f"Plusieurs programmes existent ({names}) : précisez lequel.")


DEFAULT_CODE = "PROGRAMME"
DEFAULT_NAME = "Programme"


def ensure_programme(code=None, name=None):
    """The programme a command works in on an installation that may have none yet: the one named
    (created with `name` if missing), else the only one, else a default one."""
    if code:
        programme, _ = Programme.objects.get_or_create(code=code, defaults={"name": name or code})
        return programme
    programmes = list(Programme.objects.all()[:2])
    if len(programmes) == 1:
        return programmes[0]
    if not programmes:
        return Programme.objects.create(code=DEFAULT_CODE, name=DEFAULT_NAME)
    names = ", ".join(Programme.objects.values_list("code", flat=True))
    raise ProgrammeRequired(f"Plusieurs programmes existent ({names}) : précisez lequel avec --programme.")


def programme_field(*, shared=False, related_name):
    """The link from a record to its programme. `shared=True`: empty for a record every
    programme shares (a standard indicator, a preloaded rule)."""
    if shared:
        return models.ForeignKey(
            Programme,
            verbose_name="programme",
            null=True,
            blank=True,
            on_delete=models.PROTECT,
            related_name=related_name,
            help_text="Vide pour ce que tous les programmes partagent.",
        )
    return models.ForeignKey(
        Programme,
        verbose_name="programme",
        default=default_programme,
        on_delete=models.PROTECT,
        related_name=related_name,
        editable=False,
    )


class InProgramme(models.Model):
    """A record that belongs to a programme: its uniqueness rules hold within its programme, and
    forms check them although they do not show the programme (it is the page's).

    A shared model (an indicator, a rule) keeps records of no programme, which every programme
    shares: a record created inside a programme belongs to it when `created_in_programme()` says
    so, and its `shared_unique` field may not repeat a shared record's."""

    programme_from = None  # the link whose programme the record takes, when it has one: "innovation"
    shared_unique = None  # for a shared model: the field unique across shared records and each programme's

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.attach_programme()
        super().save(*args, **kwargs)

    def on_their_field(self, errors):
        """A code unique within its programme is told on the code's field, as a unique field's is
        (Django reports a constraint on two fields for the whole form)."""
        general = errors.get(NON_FIELD_ERRORS, [])
        for constraint in self._meta.constraints:
            fields = [f for f in getattr(constraint, "fields", ()) if f != "programme"]
            if len(fields) != 1 or len(constraint.fields) != 2:
                continue
            message = str(constraint.violation_error_message)
            moved = [e for e in general if message in e.messages]
            if moved:
                general = [e for e in general if e not in moved]
                errors.setdefault(fields[0], []).extend(moved)
        if general:
            errors[NON_FIELD_ERRORS] = general
        else:
            errors.pop(NON_FIELD_ERRORS, None)
        return errors

    def created_in_programme(self):
        """For a shared model: whether a record created inside a programme belongs to it."""
        return True

    def attach_programme(self):
        if self.programme_from and getattr(self, f"{self.programme_from}_id"):
            self.programme_id = getattr(self, self.programme_from).programme_id
        elif self._state.adding and self.programme_id is None and self.created_in_programme():
            from essaim.programmes import scope

            self.programme_id = scope.current_id()

    def full_clean(self, *args, **kwargs):
        self.attach_programme()
        super().full_clean(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        if exclude:
            exclude = set(exclude) - {"programme"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(self.on_their_field(error.update_error_dict({}))) from None
        field = self.shared_unique
        if field and self.programme_id is not None and (not exclude or field not in exclude):
            shared = type(self)._base_manager.filter(programme=None, **{field: getattr(self, field)})
            if shared.exclude(pk=self.pk).exists():  # told as the code's own uniqueness is
                messages = [
                    str(c.violation_error_message)
                    for c in self._meta.constraints
                    if list(getattr(c, "fields", ())) == ["programme", field]
                ]
                raise ValidationError({field: messages[:1] or ["Ce code est déjà pris."]})
