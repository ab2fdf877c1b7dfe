"""The history of an indicator or a validation rule as people read it: each change with its date,
who made it, why, and each field before and after (django-simple-history's rows, compared in
turn). Labels and values are shown in French: choices by their label, indicators by theirs."""

from essaim.core.changes import changes
from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import format_factor


def indicator_labels():
    """id → label and code → label of every indicator, and of deleted ones as they last were."""
    by_id, by_code = {}, {}
    for record in Indicator.history.order_by("history_id").only("id", "code", "label"):
        by_id[record.id], by_code[record.code] = record.label, record.label
    for indicator in Indicator.objects.only("id", "code", "label"):
        by_id[indicator.pk], by_code[indicator.code] = indicator.label, indicator.label
    return by_id, by_code


def indicator_fields(labels):
    by_code = labels[1]
    return [
        ("code", "Code", lambda r: r.code),
        ("label", "Libellé", lambda r: r.label),
        ("description", "Description", lambda r: r.description),
        ("unit", "Unité", lambda r: r.unit),
        ("aggregation", "Agrégation", lambda r: r.get_aggregation_display()),
        ("levels", "Niveau de saisie", lambda r: r.get_levels_display()),
        ("operation", "Calcul", lambda r: r.get_operation_display() if r.operation else ""),
        ("operands", "Opérandes", lambda r: ", ".join(f"« {by_code.get(c, c)} »" for c in r.operands or [])),
        ("position", "Ordre d'affichage", lambda r: r.position),
        ("is_standard", "Indicateur standard", lambda r: r.is_standard),
    ]


def rule_fields(labels):
    by_id = labels[0]

    def indicator(pk):
        return "" if pk is None else by_id.get(pk, f"indicateur supprimé (n° {pk})")

    return [
        ("code", "Code", lambda r: r.code),
        ("name", "Nom", lambda r: r.name),
        ("kind", "Type de règle", lambda r: r.get_kind_display()),
        ("indicator", "Indicateur", lambda r: indicator(r.indicator_id)),
        ("comparator", "Opérateur", lambda r: r.get_comparator_display() if r.comparator else ""),
        ("other_indicator", "Second indicateur", lambda r: indicator(r.other_indicator_id)),
        ("minimum", "Minimum", lambda r: r.minimum),
        ("maximum", "Maximum", lambda r: r.maximum),
        ("factor", "Facteur", lambda r: format_factor(r.factor)),
        ("min_history", "Historique minimal", lambda r: r.min_history),
        ("description", "Explication", lambda r: r.description),
        ("is_active", "Active", lambda r: r.is_active),
    ]


def indicator_changes(records):
    return changes(records, indicator_fields(indicator_labels()))


def rule_changes(records):
    return changes(records, rule_fields(indicator_labels()))
