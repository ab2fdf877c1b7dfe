"""People followed by a structure, under a pseudonym only; their entries into an innovation and
their situations over time; the log of every read and write of person-level data.

No field holds a name, a reference in clear or free text: nothing typed about a person can leak
an identity. Each record says who entered it and when; its history (who, when, before, after)
begins at its first change (`core.first_change`). See docs/followup.md.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from essaim.core.first_change import HistoryFromFirstChange
from essaim.followup import pseudonym as pseudonyms
from essaim.followup.enums import (
    BY_LENGTH,
    Action,
    AgeBand,
    Arm,
    Category,
    DurationBand,
    Kind,
    Milestone,
    Sex,
    SubType,
    classify,
)
from essaim.followup.horizons import add_months, summarise
from essaim.imports.fast_write import Table
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

OUTCOME_FIELDS = (
    "outcome_0",
    "outcome_6",
    "outcome_12",
    "outcome_18",
    "first_job_on",
    "last_seen_on",
    "withdrawn_on",
    "job_days",
    "seen_days",
)


def entered_by(verbose_name):
    """Who entered a record (no index, no constraint: a million imported rows, rarely read by it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


class Beneficiary(InProgramme):
    """A person followed by one structure, known here by the keyed hash of the structure's own
    reference (pseudonym.py), never by the reference itself."""

    structure = models.ForeignKey(
        "organizations.Structure", verbose_name="structure", on_delete=models.PROTECT, related_name="beneficiaries"
    )
    pseudonym = models.CharField("pseudonyme", max_length=64, editable=False)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    is_demo = models.BooleanField(
        "fictive (démonstration)", default=False, help_text="Personne inventée par le générateur de démonstration."
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    created_by = entered_by("créée par")
    history = HistoryFromFirstChange(created=("created_at", "created_by"), user_db_constraint=False)

    programme = programme_field(related_name="beneficiaries")
    objects = scoped_manager("programme")

    class Meta:
        verbose_name = "personne suivie"
        verbose_name_plural = "personnes suivies"
        ordering = ["structure", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "structure", "pseudonym"],
                name="unique_beneficiary_pseudonym",
                violation_error_message="Cette personne est déjà suivie par cette structure (même référence).",
            )
        ]
        indexes = [models.Index(fields=["is_demo"], condition=Q(is_demo=True), name="beneficiary_demo")]

    def __str__(self):
        return f"Personne {self.alias}"

    @property
    def alias(self):
        return pseudonyms.alias(self.pseudonym)


class Enrolment(models.Model):
    """A person's entry into an innovation at their structure, with who they were at entry. The
    outcome columns are kept from the situations by `refresh_outcomes` and never typed."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="enrolments")
    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name="innovation", on_delete=models.PROTECT, related_name="enrolments"
    )
    structure = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
    )
    arm = models.CharField("groupe", max_length=10, choices=Arm.choices, default=Arm.INNOVATION)
    entered_on = models.DateField("entrée dans l'innovation")
    age_band = models.CharField("âge à l'entrée", max_length=8, choices=AgeBand.choices)
    duration_band = models.CharField(
        "ancienneté d'inscription comme demandeur d'emploi", max_length=8, choices=DurationBand.choices
    )
    neet = models.BooleanField("NEET", default=False)
    sheltered = models.BooleanField("hébergé", default=False)
    rqth = models.BooleanField("RQTH", default=False)
    qpv = models.BooleanField("résident QPV", default=False)
    rsa = models.BooleanField("allocataire du RSA", default=False)
    outcome_0 = models.CharField("situation à l'entrée", max_length=10, choices=Category.choices, blank=True)
    outcome_6 = models.CharField("situation à 6 mois", max_length=10, choices=Category.choices, blank=True)
    outcome_12 = models.CharField("situation à 12 mois", max_length=10, choices=Category.choices, blank=True)
    outcome_18 = models.CharField("situation à 18 mois", max_length=10, choices=Category.choices, blank=True)
    first_job_on = models.DateField("premier emploi le", null=True, blank=True)
    last_seen_on = models.DateField("dernière situation connue le", null=True, blank=True)
    withdrawn_on = models.DateField("retrait le", null=True, blank=True)
    job_days = models.PositiveIntegerField("jours jusqu'au premier emploi", null=True, blank=True)
    seen_days = models.PositiveIntegerField("jours suivis", null=True, blank=True)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)
    created_by = entered_by("enregistrée par")
    # The outcome columns are computed from the situations, whose history is kept: not repeated.
    history = HistoryFromFirstChange(
        created=("created_at", "created_by"), excluded_fields=list(OUTCOME_FIELDS), user_db_constraint=False
    )

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "entrée dans une innovation"
        verbose_name_plural = "entrées dans une innovation"
        ordering = ["entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "innovation"],
                name="unique_enrolment",
                violation_error_message="Cette personne est déjà entrée dans cette innovation.",
            )
        ]
        indexes = [
            models.Index(fields=["structure", "innovation"], name="enrolment_structure"),
            models.Index(fields=["innovation", "entered_on"], name="enrolment_innovation"),
        ]

    def __str__(self):
        return f"{self.beneficiary} — {self.innovation_id} (entrée le {date_format(self.entered_on, 'j N Y')})"

    def save(self, *args, **kwargs):
        self.structure_id = self.beneficiary.structure_id
        super().save(*args, **kwargs)

    @property
    def is_deld(self):
        return self.duration_band in DurationBand.deld()

    @property
    def is_detld(self):
        return self.duration_band in DurationBand.detld()

    def due_on(self, milestone):
        months = Milestone(milestone).months
        return None if months is None else add_months(self.entered_on, months)

    def refresh_outcomes(self, save=True):
        for name, value in summarise(self.entered_on, self.situations.values_list("on", "category")).items():
            setattr(self, name, value)
        if save:
            self.skip_history_when_saving = True  # computed columns, left out of the history
            try:
                self.save(update_fields=list(OUTCOME_FIELDS))
            finally:
                del self.skip_history_when_saving


def refresh_outcomes(enrolment_ids):
    """Recompute the outcome columns of these enrolments from their situations, in bulk: one
    prepared UPDATE per row (`imports.fast_write.Table`; the ORM's `bulk_update` spent most of
    an import's time building its CASE expressions). Computed columns: no history row."""
    enrolment_ids = list(enrolment_ids)
    connection = connections[router.db_for_write(Enrolment)]
    table = Table(Enrolment, (Enrolment._meta.pk.attname, *OUTCOME_FIELDS), connection, defaults=False)
    update = table.update_copy if connection.vendor == "postgresql" else table.update_many
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for start in range(0, len(enrolment_ids), 2000):
            chunk = enrolment_ids[start : start + 2000]
            situations = {}
            for enrolment_id, on, category in Situation.objects.filter(enrolment_id__in=chunk).values_list(
                "enrolment_id", "on", "category"
            ):
                situations.setdefault(enrolment_id, []).append((on, category))
            rows = []
            for pk, entered_on in Enrolment.objects.filter(pk__in=chunk).values_list("pk", "entered_on"):
                summary = summarise(entered_on, situations.get(pk, []))
                rows.append((pk, *(summary[name] for name in OUTCOME_FIELDS)))
            if rows:
                update(cursor, rows)


def situation_errors(enrolment, on, milestone, subtype, months, others, today=None):
    """The rules of a situation, as {field: French message}. `others`: (date, milestone, category)
    of the enrolment's other situations. Used by the model, the forms and the import alike."""
    errors = {}
    today = today or timezone.localdate()
    entered = enrolment.entered_on
    milestone = milestone or Milestone.OTHER
    if on is not None:
        if on < entered:
            errors["on"] = f"une situation ne peut pas précéder l'entrée dans l'innovation ({entered:%d/%m/%Y})."
        elif on > today:
            errors["on"] = "date dans le futur : une situation décrit un jour passé ou aujourd'hui."
        due = Milestone(milestone).months
        if due is not None and on != add_months(entered, due):
            expected = add_months(entered, due)
            label = Milestone(milestone).label.lower()
            errors.setdefault(
                "on",
                f"une situation « {label} » est datée du {expected:%d/%m/%Y} ({due} mois après l'entrée du "
                f"{entered:%d/%m/%Y}) ; pour un autre jour, choisissez « à une autre date ».",
            )
    if subtype in BY_LENGTH:
        if months is None:
            errors["contract_months"] = (
                "durée du contrat requise pour un CDD ou de l'intérim (en mois) : 6 mois ou plus font un emploi "
                "durable, moins un emploi de transition."
            )
        elif not 1 <= months <= 600:
            errors["contract_months"] = "durée du contrat en mois, entre 1 et 600."
    elif months is not None and subtype:
        errors["contract_months"] = "la durée du contrat ne se renseigne que pour un CDD ou de l'intérim."
    category = classify(subtype, months) if subtype and "contract_months" not in errors else None
    if category == Category.WITHDRAWN and milestone == Milestone.ENTRY:
        errors["subtype"] = "un retrait ne peut pas être la situation à l'entrée."
    if on is not None and "on" not in errors:
        for other_on, other_milestone, other_category in others:
            if other_on == on:
                errors["on"] = f"une situation est déjà enregistrée au {on:%d/%m/%Y} pour cette entrée."
                break
            if milestone != Milestone.OTHER and other_milestone == milestone:
                errors["milestone"] = f"la situation « {Milestone(milestone).label.lower()} » est déjà enregistrée."
                break
            if other_category == Category.WITHDRAWN and other_on < on:
                errors["on"] = f"après un retrait ({other_on:%d/%m/%Y}), plus aucune situation ne s'enregistre."
                break
            if category == Category.WITHDRAWN and other_on > on:
                errors["subtype"] = (
                    f"une situation est datée après ce retrait ({other_on:%d/%m/%Y}) : un retrait clôt le suivi."
                )
                break
    return errors


class Situation(models.Model):
    """Where a person was on a date: an ASP / DARES exit category and its sub-type."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="situations")
    on = models.DateField("date de la situation")
    milestone = models.CharField("échéance", max_length=5, choices=Milestone.choices, default=Milestone.OTHER)
    subtype = models.CharField("situation", max_length=20, choices=SubType.choices)
    contract_months = models.PositiveSmallIntegerField("durée du contrat (mois)", null=True, blank=True)
    category = models.CharField("catégorie", max_length=10, choices=Category.choices, editable=False)
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)
    recorded_by = entered_by("enregistrée par")
    history = HistoryFromFirstChange(created=("recorded_at", "recorded_by"), user_db_constraint=False)

    objects = scoped_manager("enrolment__innovation__programme")

    class Meta:
        verbose_name = "situation"
        ordering = ["enrolment", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "on"],
                name="unique_situation_day",
                violation_error_message="Une situation est déjà enregistrée à cette date pour cette entrée.",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "milestone"],
                condition=~Q(milestone=Milestone.OTHER),
                name="unique_situation_milestone",
                violation_error_message="Cette échéance est déjà enregistrée pour cette entrée.",
            ),
        ]

    def __str__(self):
        return f"{self.on} : {self.get_subtype_display()}"

    def save(self, *args, **kwargs):
        self.category = classify(self.subtype, self.contract_months)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.enrolment_id or not self.subtype:
            return
        others = self.enrolment.situations.exclude(pk=self.pk).values_list("on", "milestone", "category")
        errors = situation_errors(
            self.enrolment, self.on, self.milestone, self.subtype, self.contract_months, list(others)
        )
        if errors:
            raise ValidationError(errors)

    @property
    def subtype_label(self):
        label = self.get_subtype_display()
        if self.contract_months:
            label += f" de {self.contract_months} mois"
        return label


class AccessLog(models.Model):
    """One read or write of person-level data: who, when, what, how many people. Kept apart
    from the people (no foreign key: erasing a person or an account leaves the log whole) with
    the least data that still answers « who looked at, entered, changed or erased this person's
    file? »."""

    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    user_id = models.BigIntegerField("compte", null=True)
    role = models.CharField("rôle", max_length=20, blank=True)
    kind = models.CharField("nature", max_length=8, choices=Kind.choices, default=Kind.READ)
    action = models.CharField("action", max_length=16, choices=Action.choices)
    structure_id = models.BigIntegerField("structure", null=True)
    beneficiary_id = models.BigIntegerField("personne", null=True)
    count = models.PositiveIntegerField("personnes concernées", default=0)

    class Meta:
        verbose_name = "accès aux données personnelles"
        verbose_name_plural = "journal des accès aux données personnelles"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} · {self.get_action_display()}"


def log_access(user, action, *, structure=None, beneficiary=None, count=1):
    """Record one read or write of person-level data (its kind follows from the action): every
    page, command and import that reads or writes people calls this, and only this."""
    return AccessLog.objects.create(
        user_id=getattr(user, "pk", None),
        role=getattr(user, "role", "") or "",
        kind=Action(action).kind,
        action=action,
        structure_id=getattr(structure, "pk", structure),
        beneficiary_id=getattr(beneficiary, "pk", beneficiary),
        count=count,
    )


def retention_limit(today=None):
    from datetime import timedelta

    return (today or timezone.localdate()) - timedelta(days=settings.FOLLOWUP_RETENTION_DAYS)
