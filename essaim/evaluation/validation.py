"""Checking values against the validation rules of `rules.py`, and keeping what is found.

`check_values(scope)` runs every active rule on the values of the innovations in scope, stores
what breaks a rule as a `Violation` (one per rule and value) and returns them. Running it again
changes nothing if the values did not change: a violation still found is kept as is, one that
no longer holds is removed unless an evaluator checked it, a new one is added.

nc and ne are not numbers: they never break a comparison, a bound or an outlier rule, and an
outlier's history counts numbers only. Queries do not grow with the number of values: one for
the rules, two for the values they need (the few columns the rules read, as tuples, and the
names of their units), one for the violations already stored, then bulk writes. The values a
violation names are read as model instances only when its `value` is asked for.
"""

from bisect import insort
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from essaim.evaluation.enums import ValueKind
from essaim.evaluation.models import Value
from essaim.evaluation.rules import BROKEN, HOLDS, RuleKind, ValidationRule, Violation, format_factor, unit_name
from essaim.imports.fast_write import insert_objects
from essaim.innovations.models import Innovation

# A value as the rules read it: its key, its figure, and the name of its unit (`rules.unit_label`).
Figure = namedtuple("Figure", "pk innovation_id structure_id indicator_id period_end kind number unit")


@dataclass
class Finding:
    """One rule broken by one value (and, for a comparison, the value it is compared to)."""

    rule: ValidationRule
    value: Figure
    message: str
    other_value: Figure | None = None

    @property
    def key(self):
        return (self.rule.pk, self.value.pk)

    @property
    def number(self):
        return self.value.number

    @property
    def other_number(self):
        return self.other_value.number if self.other_value is not None else None


@dataclass
class CheckResult:
    """What a check found (`violations`, iterable) and what it changed in the stored list."""

    violations: list = field(default_factory=list)
    rules: int = 0
    values: int = 0
    created: int = 0
    updated: int = 0
    reopened: int = 0
    removed: int = 0
    kept_checked: int = 0

    def __iter__(self):
        """The violations, their values read (in one query each) the first time."""
        if not getattr(self, "loaded", False):
            prefetch_related_objects(self.violations, "value__innovation", "value__structure", "other_value")
            self.loaded = True
        return iter(self.violations)

    def __len__(self):
        return len(self.violations)

    @property
    def open(self):
        return [v for v in self.violations if not v.checked]

    def summary(self):
        """One French sentence for the command line and the pages."""
        n = len(self.violations)
        text = (
            f"{self.values} valeur{plural(self.values)} contrôlée{plural(self.values)} par {self.rules} "
            f"règle{plural(self.rules)} : {n} anomalie{plural(n)} dont {len(self.open)} à examiner"
        )
        details = [
            f"{self.created} nouvelle{plural(self.created)}",
            f"{self.removed} levée{plural(self.removed)}",
        ]
        if self.reopened:
            details.append(
                f"{self.reopened} rouverte{plural(self.reopened)} (chiffres modifiés depuis la vérification)"
            )
        if self.kept_checked:
            details.append(
                f"{self.kept_checked} vérifiée{plural(self.kept_checked)} conservée{plural(self.kept_checked)}"
            )
        return f"{text} ({', '.join(details)})."


def plural(n):
    return "s" if n > 1 else ""


def figure(number):
    """A whole number the French way: 1058 → « 1 058 » (narrow no-break space); 12.5 → « 12,5 »."""
    if isinstance(number, Fraction):
        if number.denominator == 1:
            number = number.numerator
        else:
            return f"{float(number):.1f}".replace(".", ",")
    return f"{number:,}".replace(",", "\u202f")


def place(value):
    return f"pour {value.unit} au {value.period_end:%d/%m/%Y}"


# -- scope ---------------------------------------------------------------------------------------


def innovations_in_scope(scope):
    """The innovation ids a scope covers, or None for every innovation.

    A scope is None (everything), an Innovation, a queryset or list of innovations, or a
    queryset of values: values are checked against their partners and their unit's history,
    so a queryset of values stands for all the values of the innovations it touches.
    """
    if scope is None:
        return None
    if isinstance(scope, Innovation):
        return {scope.pk}
    if isinstance(scope, QuerySet):
        if scope.model is Innovation:
            return set(scope.values_list("pk", flat=True))
        if scope.model is Value:
            return set(scope.order_by().values_list("innovation_id", flat=True).distinct())
    if isinstance(scope, list | tuple | set) and all(isinstance(item, Innovation) for item in scope):
        return {item.pk for item in scope}
    raise TypeError("check_values() takes None, an Innovation, innovations or a queryset of values.")


def load_values(indicator_ids, innovation_ids):
    """indicator id → the values of those innovations (`Figure`s), in two queries: the values,
    then the names of their units."""
    values = Value.objects.filter(indicator_id__in=indicator_ids)
    if innovation_ids is not None:
        values = values.filter(innovation_id__in=innovation_ids)
    units = values.order_by().values_list(
        "innovation_id", "structure_id", "innovation__code", "innovation__name", "structure__name"
    )
    names = {(inn, st): unit_name(code, name, structure) for inn, st, code, name, structure in units.distinct()}
    by_indicator = defaultdict(list)
    for row in values.order_by("period_end", "pk").values_list(*Figure._fields[:-1]):
        by_indicator[row[3]].append(Figure(*row, names[(row[1], row[2])]))
    return by_indicator


# -- the rules -----------------------------------------------------------------------------------


def is_number(value):
    return value.kind == ValueKind.NUMBER and value.number is not None


def compare(rule, values_by_indicator):
    partners = {
        (v.innovation_id, v.structure_id, v.period_end): v
        for v in values_by_indicator.get(rule.other_indicator_id, [])
        if is_number(v)
    }
    holds = HOLDS[rule.comparator]
    for value in values_by_indicator.get(rule.indicator_id, []):
        other = partners.get((value.innovation_id, value.structure_id, value.period_end))
        if other is None or not is_number(value) or holds(value.number, other.number):
            continue
        message = (
            f"{rule.indicator.label} ({figure(value.number)}) {BROKEN[rule.comparator]} "
            f"{rule.other_indicator.label} ({figure(other.number)}) {place(value)}"
        )
        yield Finding(rule, value, message, other_value=other)


def bounds(rule, values_by_indicator):
    label = rule.indicator.label
    for value in values_by_indicator.get(rule.indicator_id, []):
        if not is_number(value):
            continue
        if rule.minimum is not None and value.number < rule.minimum:
            yield Finding(
                rule, value, f"{label} ({figure(value.number)}) < minimum {figure(rule.minimum)} {place(value)}"
            )
        elif rule.maximum is not None and value.number > rule.maximum:
            yield Finding(
                rule, value, f"{label} ({figure(value.number)}) > maximum {figure(rule.maximum)} {place(value)}"
            )


def median(ordered):
    """The median of numbers already sorted."""
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def outliers(rule, values_by_indicator):
    """Each number against the median of the numbers its unit reported before it. A median of 0
    gives no scale to compare with: nothing is flagged against it."""
    factor = Fraction(rule.factor)
    shown_factor = format_factor(rule.factor)
    by_unit = defaultdict(list)
    for value in values_by_indicator.get(rule.indicator_id, []):
        if is_number(value):
            by_unit[(value.innovation_id, value.structure_id)].append(value)
    for series in by_unit.values():
        # A series is in the order of its period ends: the values before a period end are the
        # first `before` of it, whose numbers `previous` holds, sorted.
        previous, before = [], 0
        for value in series:
            while series[before].period_end < value.period_end:
                insort(previous, series[before].number)
                before += 1
            if len(previous) < rule.min_history:
                continue
            middle = median(previous)
            if middle == 0:
                continue
            history = f"la médiane de ses {len(previous)} valeurs précédentes ({figure(middle)})"
            if value.number > middle * factor:
                message = f"{rule.indicator.label} ({figure(value.number)}) > {shown_factor} × {history} {place(value)}"
            elif value.number < middle / factor:
                message = f"{rule.indicator.label} ({figure(value.number)}) < {history} ÷ {shown_factor} {place(value)}"
            else:
                continue
            yield Finding(rule, value, message)


CHECKS = {RuleKind.COMPARISON: compare, RuleKind.BOUNDS: bounds, RuleKind.OUTLIER: outliers}


def find_violations(rules, values_by_indicator):
    """Every rule on the loaded values; nothing is written."""
    findings = []
    for rule in rules:
        findings.extend(CHECKS[rule.kind](rule, values_by_indicator))
    return findings


# -- storing -------------------------------------------------------------------------------------

# The fields a new violation is written with (the others take their default).
NEW_VIOLATION_FIELDS = ("rule_id", "value_id", "other_value_id", "number", "other_number", "message", "found_at")


def check_values(scope=None):
    """Check the values in scope against every active rule and store the result (see module doc).

    Returns a CheckResult: iterate it for the violations that hold now (open or checked), each
    with its rule, value(s), unit, period end and French message; its counters say what changed.
    """
    innovation_ids = innovations_in_scope(scope)
    rules = list(ValidationRule.objects.active().select_related("indicator", "other_indicator"))
    indicator_ids = {pk for rule in rules for pk in rule.indicator_ids}
    values_by_indicator = load_values(indicator_ids, innovation_ids) if rules else {}
    findings = find_violations(rules, values_by_indicator)
    result = CheckResult(rules=len(rules), values=len({v.pk for vs in values_by_indicator.values() for v in vs}))

    with transaction.atomic():
        stored = Violation.objects.select_for_update(of=("self",))
        if innovation_ids is not None:
            stored = stored.filter(value__innovation_id__in=innovation_ids)
        existing = {(v.rule_id, v.value_id): v for v in stored}
        now = timezone.now()
        created, changed = [], []
        for finding in findings:
            violation = existing.pop(finding.key, None)
            if violation is None:
                violation = Violation(
                    found_at=now,
                    rule=finding.rule,
                    value_id=finding.value.pk,
                    other_value_id=finding.other_value.pk if finding.other_value is not None else None,
                    number=finding.number,
                    other_number=finding.other_number,
                    message=finding.message,
                )
                created.append(violation)
            else:
                refresh(violation, finding, changed, result)
            violation.rule = finding.rule
            result.violations.append(violation)
        insert_objects(Violation, created, NEW_VIOLATION_FIELDS)
        Violation.objects.bulk_update(changed, ["other_value", "number", "other_number", "message", "checked"])
        stale = [v.pk for v in existing.values() if not v.checked]
        if stale:
            Violation.objects.filter(pk__in=stale).delete()
    result.created = len(created)
    result.updated = len(changed)
    result.removed = len(stale)
    result.kept_checked = len(existing) - len(stale)
    return result


def refresh(violation, finding, changed, result):
    """Bring a stored violation up to date; a checked one opens again if its figures changed."""
    figures_changed = (violation.number, violation.other_number) != (finding.number, finding.other_number)
    fresh = {
        "other_value_id": finding.other_value.pk if finding.other_value is not None else None,
        "number": finding.number,
        "other_number": finding.other_number,
        "message": finding.message,
    }
    if all(getattr(violation, name) == new for name, new in fresh.items()):
        return
    for name, new in fresh.items():
        setattr(violation, name, new)
    if violation.checked and figures_changed:
        violation.checked = False
        result.reopened += 1
    changed.append(violation)
