"""Completeness: for one innovation and one period end, which expected structures reported
which indicator, and which ones to remind.

The structures expected to report are those of `reports.consolidation.expected_units()` (an
adoption begun by then, neither candidate nor abandoned on that day), so that completeness and
the consolidated table always agree on the "n of m". A structure *reported* an indicator when
it gave a number for that exact period end; nc and ne are listed apart. A structure is to be
reminded when it gave nothing, or nc, for an indicator it reports; ne (not evaluated) is the
evaluators' choice and calls for no reminder.
"""

from django.db.models import Q

from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.enums import Level, ValueKind
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import display
from essaim.organizations.models import Structure

MISSING = "missing"


def count_label(reported, expected):
    """« 7 structures sur 9 », « 1 structure sur 9 », « 0 structure sur 0 »."""
    return f"{reported} structure{'s' if reported > 1 else ''} sur {expected}"


def structure_entry(structure):
    return {"id": structure.pk, "name": structure.name}


def completeness(innovation, period_end):
    """A plain structure (dicts, lists, dates, strings) describing who reported what:

    {"innovation": {"code", "name"}, "period_end": date,
     "expected": [{"id", "name"}, …],
     "indicators": [{"code", "label", "per_structure", "innovation_value", "reported", "expected",
                     "label_count", "numbers": [{"id", "name", "value"}], "nc": […], "ne": […],
                     "missing": […], "unexpected": […]}, …],
     "to_remind": [{"id", "name", "missing": [labels], "nc": [labels]}, …]}

    `innovation_value` is the value reported for the innovation as a whole ("36", "nc", "ne")
    or None; `per_structure` is False for indicators reported for the innovation only.
    """
    expected_ids = expected_units(period_end).get(innovation.pk, set())
    indicators = list(Indicator.objects.base())
    rows = Value.objects.filter(innovation=innovation, period_end=period_end, indicator__in=indicators).values_list(
        "indicator_id", "structure_id", "kind", "number"
    )
    at_innovation, at_structures = {}, {}
    for indicator_id, structure_id, kind, number in rows:
        if structure_id is None:
            at_innovation[indicator_id] = display(kind, number)
        else:
            at_structures.setdefault(indicator_id, {})[structure_id] = (kind, number)
    reporting_ids = {s for entries in at_structures.values() for s in entries}
    structures = {
        s.pk: s
        for s in Structure.objects.filter(Q(pk__in=expected_ids) | Q(pk__in=reporting_ids)).only(
            "pk", "name", "sort_name"
        )
    }
    expected = sorted((structures[pk] for pk in expected_ids), key=lambda s: (s.sort_name, s.pk))

    result = {
        "innovation": {"code": innovation.code, "name": innovation.name},
        "period_end": period_end,
        "expected": [structure_entry(s) for s in expected],
        "indicators": [],
        "to_remind": [],
    }
    reminders = {s.pk: {**structure_entry(s), "missing": [], "nc": []} for s in expected}
    for indicator in indicators:
        per_structure = indicator.levels != Level.INNOVATION
        entries = at_structures.get(indicator.pk, {})
        line = {
            "code": indicator.code,
            "label": indicator.label,
            "per_structure": per_structure,
            "innovation_value": at_innovation.get(indicator.pk),
            "numbers": [],
            "nc": [],
            "ne": [],
            "missing": [],
            "unexpected": [],
        }
        for structure in expected if per_structure else []:
            kind, number = entries.get(structure.pk, (MISSING, None))
            if kind == ValueKind.NUMBER:
                line["numbers"].append({**structure_entry(structure), "value": number})
                continue
            line[kind].append(structure_entry(structure))
            if kind in (MISSING, ValueKind.NC):
                reminders[structure.pk][kind].append(indicator.label)
        unexpected = sorted(
            (structures[pk] for pk in entries if pk not in expected_ids), key=lambda s: (s.sort_name, s.pk)
        )
        line["unexpected"] = [{**structure_entry(s), "value": display(*entries[s.pk])} for s in unexpected]
        line["reported"] = len(line["numbers"]) if per_structure else None
        line["expected"] = len(expected) if per_structure else None
        line["label_count"] = count_label(line["reported"], line["expected"]) if per_structure else ""
        result["indicators"].append(line)
    result["to_remind"] = [r for r in reminders.values() if r["missing"] or r["nc"]]
    return result


def known_period_ends(innovation):
    """The period ends this innovation has values for, latest first."""
    return list(
        Value.objects.filter(innovation=innovation)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()
    )
