from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from essaim.core.first_change import HistoryFromFirstChange
from essaim.evaluation.enums import Aggregation, Level, Operation, ValidationState, ValueKind
from essaim.evaluation.rules import ValidationRule, Violation  # noqa: F401  (models Django must see)
from essaim.evaluation.values import display
from essaim.programmes.models import InProgramme, programme_field
from essaim.programmes.scope import scoped_manager

indicator_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    "Le code s'écrit en minuscules, chiffres et « _ », par exemple « people_reached ».",
    code="code_format",
)

DUPLICATE_INNOVATION_VALUE = "Une valeur existe déjà pour cette innovation, cet indicateur et cette date de fin."
DUPLICATE_STRUCTURE_VALUE = "Une valeur existe déjà pour cette structure, cet indicateur et cette date de fin."


class IndicatorQuerySet(models.QuerySet):
    def base(self):
        return self.filter(operation="")

    def derived(self):
        return self.exclude(operation="")


class Indicator(InProgramme):
    """What is counted: reported directly (base) or computed from other indicators (derived)."""

    code = models.CharField(
        "code",
        max_length=60,
        validators=[indicator_code_validator],
    )
    label = models.CharField("libellé", max_length=200)
    description = models.TextField(
        "description", blank=True, help_text="Ce que l'indicateur compte, et comment, pour qui le saisit et qui le lit."
    )
    unit = models.CharField("unité", max_length=40, blank=True)
    aggregation = models.CharField("agrégation", max_length=4, choices=Aggregation.choices, default=Aggregation.LAST)
    levels = models.CharField("niveau de saisie", max_length=10, choices=Level.choices, default=Level.BOTH)
    operation = models.CharField("calcul", max_length=10, choices=Operation.choices, blank=True)
    operands = models.JSONField("opérandes", default=list, blank=True, help_text="Codes des indicateurs, dans l'ordre.")
    position = models.PositiveSmallIntegerField("ordre d'affichage", default=100)
    is_standard = models.BooleanField("indicateur standard", default=False)
    # The dictionary is managed in pages (evaluation/dictionary*.py): every change keeps who, when,
    # before, after and why.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    programme = programme_field(shared=True, related_name="indicators")
    objects = scoped_manager("programme", IndicatorQuerySet, shared=True)
    shared_unique = "code"

    class Meta:
        verbose_name = "indicateur"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="unique_indicator_code",
                violation_error_message="Un indicateur porte déjà ce code.",
            ),
            models.UniqueConstraint(
                fields=["code"],
                name="unique_shared_indicator_code",
                violation_error_message="Un indicateur porte déjà ce code.",
                condition=Q(programme=None),
            ),
        ]

    def __str__(self):
        return self.label

    def created_in_programme(self):
        """A standard indicator is shared by every programme; any other is its programme's own."""
        return not self.is_standard

    @property
    def is_derived(self):
        return bool(self.operation)

    def formula(self, labels=None):
        """The calculation in words, « A + B », « A − B », « A ÷ B » (`labels`: code → label; by
        default the operands' labels are read)."""
        if not self.is_derived:
            return ""
        if labels is None:
            labels = dict(Indicator.objects.filter(code__in=self.operands).values_list("code", "label"))
        sign = {Operation.SUM: " + ", Operation.DIFFERENCE: " − ", Operation.RATIO: " ÷ "}[self.operation]
        return sign.join(f"« {labels.get(code, code)} »" for code in self.operands)

    def base_indicators(self):
        """The entered indicators this figure is computed from, each once, in the order of its
        formula (derived operands unfolded); itself when it is entered."""
        if not self.is_derived:
            return [self]
        by_code = {i.code: i for i in Indicator.objects.all()}
        found = {}

        def unfold(indicator, seen):
            for code in indicator.operands:
                operand = by_code[code]
                if operand.is_derived:
                    if code not in seen:
                        unfold(operand, seen | {code})
                else:
                    found.setdefault(code, operand)

        unfold(self, {self.code})
        return list(found.values())

    def clean(self):
        super().clean()
        if not self.operation:
            if self.operands:
                raise ValidationError({"operands": "Un indicateur saisi n'a pas d'opérandes : choisissez un calcul."})
            return
        operands = self.operands if isinstance(self.operands, list) else []
        if self.operation == Operation.SUM and len(operands) < 2:
            raise ValidationError({"operands": "Une somme porte sur au moins deux indicateurs."})
        if self.operation in (Operation.DIFFERENCE, Operation.RATIO) and len(operands) != 2:
            raise ValidationError({"operands": "Une différence ou un rapport porte sur exactement deux indicateurs."})
        if len(set(operands)) != len(operands):
            raise ValidationError({"operands": "Chaque indicateur ne figure qu'une fois dans le calcul."})
        if self.code in operands:
            raise ValidationError({"operands": "Un indicateur ne se calcule pas à partir de lui-même."})
        others = {i.code: i for i in Indicator.objects.exclude(pk=self.pk)}
        for code in operands:
            if code not in others:
                raise ValidationError({"operands": f"Indicateur inconnu : « {code} »."})
        graph = {code: i.operands for code, i in others.items() if i.is_derived}
        graph[self.code] = operands
        cycle = find_cycle(self.code, graph)
        if cycle:
            labels = {code: i.label for code, i in others.items()} | {self.code: self.label or self.code}
            path = " → ".join(f"« {labels[code]} »" for code in cycle)
            raise ValidationError(
                {"operands": f"Calcul circulaire : {path}. Un indicateur ne peut pas dépendre de lui-même."}
            )


def find_cycle(start, graph):
    """A path of codes from `start` back to itself through `graph` (code → operand codes), or
    None when the calculation starting there never comes back to it."""
    stack, done = [(start, [start])], set()
    while stack:
        code, path = stack.pop()
        for operand in graph.get(code, ()):
            if operand == start:
                return [*path, start]
            if operand not in done:
                done.add(operand)
                stack.append((operand, [*path, operand]))
    return None


class Value(models.Model):
    """One figure for one innovation (and optionally one of its structures), indicator and period."""

    # Indexes are chosen for volume (docs/performance.md): the composite indexes below lead with
    # innovation and with indicator; values are always read by innovation or indicator, so the
    # structure needs no index of its own, and the source one for the few values that have one.
    # The references are checked once per statement by triggers rather than per row by
    # constraints (core/references.py, docs/references.md): hence db_constraint=False.
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name="innovation",
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    structure = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
        help_text="Vide : valeur pour l'innovation dans son ensemble.",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name="indicateur",
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    period_start = models.DateField("début de période", null=True, blank=True)
    period_end = models.DateField("fin de période")
    kind = models.CharField("nature", max_length=6, choices=ValueKind.choices, default=ValueKind.NUMBER)
    number = models.PositiveBigIntegerField("nombre", null=True, blank=True)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name="source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source_detail = models.CharField("précision sur la source", max_length=300, blank=True)
    comment = models.TextField("commentaire", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    entered_at = models.DateTimeField("saisie le", default=timezone.now)
    state = models.CharField(
        "validation", max_length=10, choices=ValidationState.choices, default=ValidationState.ENTERED
    )
    # Who validated or returned the value, and when (the state says which).
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="revue par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    validated_at = models.DateTimeField("revue le", null=True, blank=True)
    # The evaluator's note when returning the value; kept through the correction until the value
    # is validated or returned again (the history keeps every note). NULL, not "": the column is
    # added to a table of millions without rewriting it.
    review_note = models.TextField("note de l'évaluateur", null=True, blank=True)
    # A value's history begins at its first change (core/first_change.py): entered and never
    # changed, the value is its own record of who entered it and when. The history's user is
    # checked once per statement, as the value's references are (migration 0009,
    # docs/references.md): a million history rows, not a million checks.
    history = HistoryFromFirstChange(
        created=("entered_at", "entered_by"),
        no_db_index=["innovation", "structure", "indicator", "source", "entered_by", "validated_by"],
        user_db_constraint=False,
    )

    objects = scoped_manager("innovation__programme")

    class Meta:
        verbose_name = "valeur"
        ordering = ["innovation", "indicator", "period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ValueKind.NUMBER, number__isnull=False)
                | Q(kind__in=[ValueKind.NC, ValueKind.NE], number__isnull=True),
                name="value_number_matches_kind",
                violation_error_message="Un nombre va avec la nature « nombre » ; nc et ne n'ont pas de nombre.",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_start__lte=models.F("period_end")),
                name="value_period_in_order",
                violation_error_message="Le début de période doit précéder sa fin.",
            ),
            models.UniqueConstraint(
                fields=["innovation", "indicator", "period_end"],
                condition=Q(structure__isnull=True),
                name="unique_innovation_value",
                violation_error_message=DUPLICATE_INNOVATION_VALUE,
            ),
            # One unit's values in period order, for each indicator: unique for the structures
            # (a value for the innovation as a whole has no structure, and NULLs are distinct:
            # the constraint above keeps those unique), and covering kind and number so that the
            # consolidation reads this index alone. One index serves both: each index a million
            # imported values touch costs seconds. SQLite has no covering unique index: migration
            # 0008 gives it a plain unique index of the same name.
            models.UniqueConstraint(
                fields=["indicator", "innovation", "structure", "period_end"],
                include=["kind", "number"],
                name="unique_structure_value",
                violation_error_message=DUPLICATE_STRUCTURE_VALUE,
            ),
        ]
        indexes = [
            models.Index(fields=["innovation", "period_end"], name="value_innovation_period"),
            models.Index(fields=["source"], condition=Q(source__isnull=False), name="value_source"),
        ]

    def __str__(self):
        return f"{self.innovation.code} · {self.indicator.code} · {self.period_end} : {self.display}"

    @property
    def display(self):
        return display(self.kind, self.number)

    def clean(self):
        super().clean()
        errors = {}
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            if indicator.is_derived:
                errors["indicator"] = "Cet indicateur est calculé : il ne se saisit pas."
            elif self.structure_id and indicator.levels == Level.INNOVATION:
                errors["structure"] = (
                    "Cet indicateur se déclare pour l'innovation dans son ensemble, pas par structure."
                )
            elif not self.structure_id and indicator.levels == Level.STRUCTURE:
                errors["structure"] = "Cet indicateur se déclare structure par structure."
        if self.structure_id and self.innovation_id:
            from essaim.swarming.models import Adoption

            if not Adoption.objects.filter(innovation_id=self.innovation_id, structure_id=self.structure_id).exists():
                errors["structure"] = "Cette structure n'a pas adopté cette innovation."
        if self.kind == ValueKind.NUMBER and self.number is None:
            errors["number"] = "Indiquez un nombre, ou choisissez « nc » ou « ne »."
        if self.kind != ValueKind.NUMBER and self.number is not None:
            errors["number"] = "Une valeur « nc » ou « ne » n'a pas de nombre."
        if errors:
            raise ValidationError(errors)


from essaim.evaluation.campaigns import Campaign, LockException, Reminder, ReminderLine  # noqa: E402, F401, I001  (models)
