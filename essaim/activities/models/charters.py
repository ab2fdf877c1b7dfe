from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from essaim.activities.enums import COMPANY_SECTORS, COMPANY_SIZES, EventMeasure
from essaim.activities.keys import free_key
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager


class Charter(models.Model):
    """An innovation's charter: the commitments of the structures that run it, and the minimums
    the software checks on each event (the Rallyes charter: 15 job seekers, 6 companies)."""

    innovation = models.OneToOneField(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.CASCADE, related_name="charter"
    )
    title = models.CharField("titre", max_length=200)
    commitments = models.TextField("engagements", blank=True)
    tool = models.ForeignKey(
        "activities.Tool",
        verbose_name="document de la charte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "charte"
        ordering = ["innovation__code"]

    def __str__(self):
        return self.title


class CharterRule(models.Model):
    charter = models.ForeignKey(Charter, verbose_name="charte", on_delete=models.CASCADE, related_name="rules")
    measure = models.CharField("ce qui est compté", max_length=30, choices=EventMeasure.choices)
    minimum = models.PositiveIntegerField("au moins")

    objects = scoped_manager("charter__innovation__programme")

    class Meta:
        verbose_name = "règle de la charte"
        verbose_name_plural = "règles de la charte"
        ordering = ["charter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "measure"],
                name="unique_charter_rule",
                violation_error_message="La charte fixe déjà un minimum pour ce chiffre.",
            )
        ]

    def __str__(self):
        return f"au moins {self.minimum} {self.get_measure_display()}"


@dataclass
class RuleCheck:
    rule: CharterRule
    value: int | None

    @property
    def state(self):
        """ "ok", "broken", or "unknown" when the event has not reported that figure."""
        if self.value is None:
            return "unknown"
        return "ok" if self.value >= self.rule.minimum else "broken"

    @property
    def message(self):
        label = self.rule.get_measure_display()
        if self.value is None:
            return f"{label} : non renseigné"
        if self.state == "broken":
            return f"{self.value} {label} : la charte en demande au moins {self.rule.minimum}"
        return f"{self.value} {label} (au moins {self.rule.minimum})"


def count_field(verbose_name, **kwargs):
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, **kwargs)


class Event(InProgramme):
    """An event an innovation runs in the field (each Rallye pour l'emploi), with what it
    gathered. Figures are left empty when not known; they are never taken as zero."""

    key = models.SlugField(
        "identifiant stable",
        max_length=80,
        blank=True,
        help_text="Identifiant utilisé par les fichiers d'échange ; donné d'après le titre et la date s'il est vide.",
    )
    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.CASCADE, related_name="events"
    )
    organiser = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure organisatrice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    title = models.CharField("intitulé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=200, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_seekers = count_field("chercheurs d'emploi participants")
    long_term_unemployed = count_field("dont chômeurs de longue durée")
    women = count_field("dont femmes")
    men = count_field("dont hommes")
    companies = count_field("entreprises mobilisées")
    companies_industry = count_field("entreprises de l'industrie")
    companies_retail = count_field("entreprises du commerce, de la vente, de la grande distribution")
    companies_consulting = count_field("entreprises du conseil aux entreprises")
    companies_other_sector = count_field("entreprises d'autres secteurs")
    companies_tpe = count_field("TPE")
    companies_pme = count_field("PME")
    companies_eti = count_field("ETI")
    companies_large = count_field("grandes entreprises")
    public_partners = count_field("partenaires publics mobilisés")
    structures_reached = count_field("structures sensibilisées")
    notes = models.TextField("notes", blank=True)
    date_note = models.CharField("précision sur les dates", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    programme = programme_field(related_name="events")
    programme_from = "innovation"
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "événement"
        ordering = ["innovation", "starts_on", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"],
                name="unique_event_key",
                violation_error_message="Un événement porte déjà cet identifiant.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = free_key(Event, self.innovation.code, self.title, self.starts_on.isoformat(), exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "La fin de l'événement ne peut pas précéder son début."
        seekers = self.job_seekers
        if seekers is not None:
            for name in ("long_term_unemployed", "women", "men"):
                value = getattr(self, name)
                if value is not None and value > seekers:
                    label = self._meta.get_field(name).verbose_name
                    errors[name] = f"{label.capitalize()} ({value}) : plus que les {seekers} chercheurs d'emploi."
            if self.women is not None and self.men is not None and self.women + self.men > seekers:
                errors["men"] = f"Femmes et hommes ({self.women + self.men}) : plus que les {seekers} participants."
        if self.companies is not None:
            for fields, what in ((COMPANY_SECTORS, "par secteur"), (COMPANY_SIZES, "par taille")):
                known = [getattr(self, name) for name, _ in fields if getattr(self, name) is not None]
                if sum(known) > self.companies:
                    errors[fields[0][0]] = (
                        f"Entreprises {what} ({sum(known)}) : plus que les {self.companies} entreprises mobilisées."
                    )
        if errors:
            raise ValidationError(errors)

    def measure(self, code):
        return getattr(self, code)

    def check_charter(self, rules):
        """Each rule of the charter against this event's figures."""
        return [RuleCheck(rule, self.measure(rule.measure)) for rule in rules]

    def breakdown(self, fields):
        return [(label, getattr(self, name)) for name, label in fields if getattr(self, name) is not None]

    @property
    def sectors(self):
        return self.breakdown(COMPANY_SECTORS)

    @property
    def sizes(self):
        return self.breakdown(COMPANY_SIZES)
