"""Validation rules: each kind, nc/ne never violate, stored violations and re-checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.rules import RuleKind, ValidationRule, Violation
from essaim.evaluation.validation import check_values
from tests.evaluation.helpers import put
from tests.factories import AdoptionFactory, InnovationFactory, UserFactory

END = datetime.date(2019, 3, 31)


@pytest.fixture
def indicators(db):
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def innovation(db):
    return InnovationFactory(code="ALPHA", name="Alpha")


def only_rule(code):
    """Keep one preloaded rule active, so a test sees that rule alone."""
    ValidationRule.objects.exclude(code=code).update(is_active=False)


def make_rule(indicators, **fields):
    ValidationRule.objects.update(is_active=False)
    fields["indicator"] = indicators[fields["indicator"]]
    if "other_indicator" in fields:
        fields["other_indicator"] = indicators[fields["other_indicator"]]
    rule = ValidationRule(code=fields.pop("code", "test-rule"), name=fields.pop("name", "Règle d'essai"), **fields)
    rule.full_clean()
    rule.save()
    return rule


# -- preloaded rules ---------------------------------------------------------------------------


def test_preloaded_rules(db):
    employment = ValidationRule.objects.get(code="employment-within-people")
    assert (employment.kind, employment.indicator.code, employment.comparator, employment.other_indicator.code) == (
        RuleKind.COMPARISON,
        "returns_to_employment",
        "lte",
        "people_reached",
    )
    outlier = ValidationRule.objects.get(code="people-reached-outlier")
    assert (outlier.kind, outlier.indicator.code, outlier.factor, outlier.min_history) == (
        RuleKind.OUTLIER,
        "people_reached",
        Decimal("3"),
        3,
    )


# -- comparison --------------------------------------------------------------------------------


def test_comparison_flags_more_returns_than_people(innovation):
    only_rule("employment-within-people")
    returns = put(innovation, "returns_to_employment", 40)
    people = put(innovation, "people_reached", 36)
    [violation] = check_values()
    assert violation.rule.code == "employment-within-people"
    assert (violation.value, violation.other_value) == (returns, people)
    assert (violation.number, violation.other_number) == (40, 36)
    assert violation.innovation == innovation and violation.structure is None
    assert violation.period_end == END
    assert violation.message == (
        "DELD revenus à l'emploi (40) > Personnes concernées (DELD et jeunes) (36) pour Alpha au 31/03/2019"
    )
    assert Violation.objects.get().message == violation.message


def test_comparison_pairs_the_same_unit_and_period_end(innovation):
    only_rule("employment-within-people")
    adoption = AdoptionFactory(innovation=innovation, structure__name="CHRS de Lyon")
    put(innovation, "returns_to_employment", 5, structure=adoption.structure)
    put(innovation, "people_reached", 4, structure=adoption.structure)
    put(innovation, "people_reached", 100)  # the innovation as a whole: another unit
    put(innovation, "returns_to_employment", 50, end=datetime.date(2019, 6, 30))  # no partner at that date
    [violation] = check_values()
    assert violation.structure == adoption.structure
    assert violation.message.endswith("pour CHRS de Lyon (ALPHA) au 31/03/2019")


@pytest.mark.parametrize(
    "comparator, left, right, broken",
    [
        ("lte", 36, 36, None),
        ("lte", 37, 36, ">"),
        ("lt", 36, 36, "≥"),
        ("lt", 35, 36, None),
        ("eq", 36, 36, None),
        ("eq", 35, 36, "≠"),
        ("gte", 35, 36, "<"),
        ("gte", 36, 36, None),
        ("gt", 36, 36, "≤"),
        ("gt", 37, 36, None),
    ],
)
def test_every_comparator(innovation, indicators, comparator, left, right, broken):
    make_rule(
        indicators,
        kind=RuleKind.COMPARISON,
        indicator="professionals_involved",
        comparator=comparator,
        other_indicator="companies_involved",
    )
    put(innovation, "professionals_involved", left)
    put(innovation, "companies_involved", right)
    violations = list(check_values())
    if broken is None:
        assert violations == []
    else:
        [violation] = violations
        assert f"({left}) {broken} Entreprises" in violation.message


# -- bounds ------------------------------------------------------------------------------------


def test_bounds(innovation, indicators):
    make_rule(indicators, kind=RuleKind.BOUNDS, indicator="people_reached", minimum=1, maximum=1000)
    low = put(innovation, "people_reached", 0, end=datetime.date(2018, 12, 31))
    put(innovation, "people_reached", 1000, end=datetime.date(2019, 3, 31))
    high = put(innovation, "people_reached", 1058, end=datetime.date(2019, 6, 30))
    messages = {v.value: v.message for v in check_values()}
    assert set(messages) == {low, high}
    assert messages[low] == "Personnes concernées (DELD et jeunes) (0) < minimum 1 pour Alpha au 31/12/2018"
    assert messages[high] == (
        "Personnes concernées (DELD et jeunes) (1\u202f058) > maximum 1\u202f000 pour Alpha au 30/06/2019"
    )


def test_a_single_bound(innovation, indicators):
    make_rule(indicators, kind=RuleKind.BOUNDS, indicator="people_reached", maximum=10)
    put(innovation, "people_reached", 0)
    assert list(check_values()) == []


# -- outliers ----------------------------------------------------------------------------------


def series(innovation, numbers, structure=None):
    return [
        put(innovation, "people_reached", n, structure=structure, end=datetime.date(2016 + i, 12, 31))
        for i, n in enumerate(numbers)
    ]


def test_outlier_above_and_below_the_median(innovation):
    only_rule("people-reached-outlier")
    values = series(innovation, [10, 12, 11, 40, 30, 3])
    found = {v.value: v.message for v in check_values()}
    # 40 > 3 × 11 (median of 10, 12, 11); 30 ≤ 3 × 11.5; 3 < 12 ÷ 3 is false (4 > 3 is true: flagged).
    assert set(found) == {values[3], values[5]}
    assert found[values[3]] == (
        "Personnes concernées (DELD et jeunes) (40) > 3 × la médiane de ses 3 valeurs précédentes (11) "
        "pour Alpha au 31/12/2019"
    )
    assert found[values[5]] == (
        "Personnes concernées (DELD et jeunes) (3) < la médiane de ses 5 valeurs précédentes (12) ÷ 3 "
        "pour Alpha au 31/12/2021"
    )


def test_outlier_needs_enough_history(innovation):
    only_rule("people-reached-outlier")
    series(innovation, [10, 12, 100])
    assert list(check_values()) == []


def test_outlier_history_is_per_unit(innovation):
    only_rule("people-reached-outlier")
    adoption = AdoptionFactory(innovation=innovation)
    series(innovation, [10, 10, 10])
    series(innovation, [100], structure=adoption.structure)
    put(innovation, "people_reached", 100, structure=adoption.structure, end=datetime.date(2020, 12, 31))
    assert list(check_values()) == []


def test_outlier_against_a_zero_median_is_not_flagged(innovation):
    only_rule("people-reached-outlier")
    series(innovation, [0, 0, 0, 25])
    assert list(check_values()) == []


def test_outlier_factor_can_be_decimal(innovation, indicators):
    make_rule(indicators, kind=RuleKind.OUTLIER, indicator="people_reached", factor=Decimal("1.5"), min_history=2)
    values = series(innovation, [10, 10, 16])
    [violation] = check_values()
    assert violation.value == values[2]
    assert "> 1,5 × la médiane de ses 2 valeurs précédentes (10)" in violation.message


# -- nc and ne ---------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["nc", "ne"])
def test_nc_and_ne_never_violate(innovation, indicators, missing):
    """nc and ne are not numbers: no comparison, bound or outlier applies to them."""
    put(innovation, "returns_to_employment", missing)
    put(innovation, "people_reached", 36)
    put(innovation, "returns_to_employment", 40, end=datetime.date(2019, 6, 30))
    put(innovation, "people_reached", missing, end=datetime.date(2019, 6, 30))
    assert list(check_values()) == []

    make_rule(indicators, kind=RuleKind.BOUNDS, indicator="professionals_involved", minimum=1)
    put(innovation, "professionals_involved", missing)
    assert list(check_values()) == []


@pytest.mark.parametrize("missing", ["nc", "ne"])
def test_nc_and_ne_are_not_history(innovation, missing):
    only_rule("people-reached-outlier")
    series(innovation, [10, missing, missing, 12, 11])
    put(innovation, "people_reached", missing, end=datetime.date(2022, 12, 31))
    assert list(check_values()) == []  # 11 has only two numbers before it; nc/ne are skipped


# -- storing, re-checking, checking ------------------------------------------------------------


def test_a_recheck_is_idempotent(innovation):
    put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    first = check_values()
    assert (len(first), first.created) == (1, 1)
    second = check_values()
    assert (len(second), second.created, second.updated, second.removed) == (1, 0, 0, 0)
    assert Violation.objects.count() == 1
    assert [v.pk for v in first] == [v.pk for v in second]


def test_a_corrected_value_clears_its_violation(innovation):
    returns = put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    check_values()
    Value.objects.filter(pk=returns.pk).update(number=30)
    result = check_values()
    assert (len(result), result.removed) == (0, 1)
    assert not Violation.objects.exists()


def test_a_changed_figure_that_still_violates_updates_the_message(innovation):
    returns = put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    check_values()
    Value.objects.filter(pk=returns.pk).update(number=50)
    result = check_values()
    assert (result.created, result.updated) == (0, 1)
    assert Violation.objects.get().message.startswith("DELD revenus à l'emploi (50) >")


def mark_checked(violation, note="Chiffre confirmé par la structure."):
    violation.checked = True
    violation.checked_by = UserFactory(evaluator=True)
    violation.checked_at = timezone.now()
    violation.note = note
    violation.save()


def test_a_checked_violation_is_kept(innovation):
    returns = put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    [violation] = check_values()
    mark_checked(violation)
    again = check_values()
    assert [v.checked for v in again] == [True]
    assert again.open == []
    # Even when the rule no longer holds, a checked violation stays, with its note.
    ValidationRule.objects.update(is_active=False)
    result = check_values()
    assert (len(result), result.removed, result.kept_checked) == (0, 0, 1)
    kept = Violation.objects.get()
    assert kept.checked and kept.note == "Chiffre confirmé par la structure." and kept.value == returns


def test_a_checked_violation_opens_again_when_its_figures_change(innovation):
    returns = put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    [violation] = check_values()
    mark_checked(violation)
    Value.objects.filter(pk=returns.pk).update(number=45)
    result = check_values()
    assert result.reopened == 1
    reopened = Violation.objects.get()
    assert not reopened.checked and reopened.was_checked_before
    assert reopened.note == "Chiffre confirmé par la structure."


def test_an_inactive_rule_leaves_no_open_violation(innovation):
    put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    check_values()
    ValidationRule.objects.filter(code="employment-within-people").update(is_active=False)
    assert (check_values().removed, Violation.objects.count()) == (1, 0)


def test_a_scoped_check_leaves_other_innovations_alone(innovation):
    other = InnovationFactory()
    for unit in (innovation, other):
        put(unit, "returns_to_employment", 40)
        put(unit, "people_reached", 36)
    check_values()
    assert Violation.objects.count() == 2
    ValidationRule.objects.update(is_active=False)
    assert check_values(innovation).removed == 1
    assert list(Violation.objects.values_list("value__innovation", flat=True)) == [other.pk]


def test_a_queryset_of_values_checks_their_innovations(innovation):
    other = InnovationFactory()
    returns = put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    put(other, "returns_to_employment", 40)
    put(other, "people_reached", 36)
    [violation] = check_values(Value.objects.filter(pk=returns.pk))
    assert violation.value == returns
    assert Violation.objects.count() == 1


def test_queries_do_not_grow_with_the_values(db):
    def queries_for(n_innovations):
        Violation.objects.all().delete()
        for _ in range(n_innovations):
            unit = InnovationFactory()
            put(unit, "returns_to_employment", 40)
            put(unit, "people_reached", 36)
            series(unit, [10, 10, 10, 100])
        with CaptureQueriesContext(connection) as context:
            result = check_values()
        return len(context.captured_queries), len(result)

    small, found_small = queries_for(2)
    large, found_large = queries_for(20)
    # Per innovation: 40 > 36, and 36 then 100 against a median of 10 (cumulated: 2, then 22 innovations).
    assert (found_small, found_large) == (2 * 3, 22 * 3)
    assert large == small


# -- rule definitions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"kind": "comparison", "indicator": "people_reached"}, "comparator", "opérateur"),
        ({"kind": "comparison", "indicator": "people_reached", "comparator": "lt"}, "other_indicator", "second"),
        (
            {
                "kind": "comparison",
                "indicator": "people_reached",
                "comparator": "lt",
                "other_indicator": "people_reached",
            },
            "other_indicator",
            "différents",
        ),
        (
            {
                "kind": "comparison",
                "indicator": "people_reached",
                "comparator": "lt",
                "other_indicator": "people_involved_total",
            },
            "other_indicator",
            "calculé",
        ),
        ({"kind": "bounds", "indicator": "people_reached"}, "minimum", "minimum, un maximum"),
        ({"kind": "bounds", "indicator": "people_reached", "minimum": 5, "maximum": 4}, "maximum", "supérieur"),
        ({"kind": "outlier", "indicator": "people_reached"}, "factor", "facteur"),
        ({"kind": "outlier", "indicator": "people_reached", "factor": Decimal("1")}, "factor", "supérieur à 1"),
    ],
)
def test_rule_definitions_are_checked(indicators, fields, field, message):
    fields = dict(fields)
    fields["indicator"] = indicators[fields["indicator"]]
    if "other_indicator" in fields:
        fields["other_indicator"] = indicators[fields["other_indicator"]]
    rule = ValidationRule(code="essai", name="Essai", **fields)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_comparison_between_levels_that_never_meet_is_refused(indicators):
    rule = ValidationRule(
        code="essai",
        name="Essai",
        kind="comparison",
        indicator=indicators["structures_reached"],
        comparator="lte",
        other_indicator=indicators["people_reached"],
    )
    rule.full_clean()  # structures_reached (innovation) meets people_reached (both) at the innovation level
    custom = Indicator.objects.create(code="custom_structure", label="Par structure", levels="structure")
    rule.indicator = custom
    rule.other_indicator = indicators["structures_reached"]
    with pytest.raises(ValidationError, match="même unité"):
        rule.full_clean()


# -- the command -------------------------------------------------------------------------------


def test_the_command_prints_a_summary(innovation, capsys):
    put(innovation, "returns_to_employment", 40)
    put(innovation, "people_reached", 36)
    other = InnovationFactory(code="BETA")
    put(other, "returns_to_employment", 50)
    put(other, "people_reached", 36)
    call_command("check_values", "--innovation", "ALPHA")
    out = capsys.readouterr().out
    assert "[employment-within-people] DELD revenus à l'emploi (40) >" in out
    assert "1 anomalie dont 1 à examiner (1 nouvelle, 0 levée)" in out
    assert Violation.objects.count() == 1
    call_command("check_values")
    out = capsys.readouterr().out
    assert "2 anomalies dont 2 à examiner (1 nouvelle, 0 levée)" in out


def test_the_command_refuses_an_unknown_innovation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inconnue"):
        call_command("check_values", "--innovation", "NOPE")
