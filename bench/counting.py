"""The counting rules checked at national scale: the consolidated table the engine draws (one SQL
query on PostgreSQL) against a plain implementation of docs/consolidation.md written apart, over
every value of the programme read row by row, at two dates. Run alone:

    DATABASE_URL=postgres://… python -m bench.counting [YYYY-MM-DD …]

It prints the cells compared and every cell that differs (there should be none), and exits
non-zero when one does."""

import os
import sys
from collections import defaultdict
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

NOT_EXPECTED = {"candidate", "abandoned"}


def plain_table(as_of):
    """{(innovation code, indicator code): (value, status, reported, units)} by the rules as
    written: units = expected structures ∪ structures that reported; value only when every
    unit gave numbers only."""
    from essaim.evaluation.models import Indicator, Value
    from essaim.swarming.models import Adoption, StatusChange

    indicators = {i.pk: i for i in Indicator.objects.filter(operation="")}
    adoptions = list(Adoption.objects.values_list("pk", "innovation__code", "structure_id", "since"))
    statuses = defaultdict(list)
    for adoption_id, status, on, pk in StatusChange.objects.filter(on__lte=as_of).values_list(
        "adoption_id", "status", "on", "pk"
    ):
        statuses[adoption_id].append((on, pk, status))
    expected = defaultdict(set)
    for pk, code, structure_id, since in adoptions:
        if since > as_of:
            continue
        history = sorted(statuses.get(pk, []))
        if (history[-1][2] if history else "candidate") not in NOT_EXPECTED:
            expected[code].add(structure_id)
    entries = defaultdict(list)  # (innovation, indicator, structure or None) → [(end, kind, number)]
    for code, structure_id, indicator_id, end, kind, number in Value.objects.filter(
        period_end__lte=as_of, indicator_id__in=list(indicators)
    ).values_list("innovation__code", "structure_id", "indicator_id", "period_end", "kind", "number"):
        entries[code, indicators[indicator_id].code, structure_id].append((end, kind, number))
    by_cell = defaultdict(dict)
    for (code, indicator, structure_id), found in entries.items():
        by_cell[code, indicator][structure_id] = found
    aggregation = {i.code: i.aggregation for i in indicators.values()}
    table = {}
    for code in {c for c, _ in by_cell} | set(expected):
        for indicator in aggregation:
            units = by_cell.get((code, indicator), {})
            if None in units:
                found = sorted(units[None])
                if aggregation[indicator] == "last":
                    _, kind, number = found[-1]
                    table[code, indicator] = (number, "value" if kind == "number" else kind, int(kind == "number"), 1)
                else:
                    numbers = [n for _, k, n in found if k == "number"]
                    if numbers:
                        table[code, indicator] = (sum(numbers), "value", 1, 1)
                    else:
                        kind = "nc" if any(k == "nc" for _, k, _ in found) else "ne"
                        table[code, indicator] = (None, kind, 0, 1)
                continue
            members = expected.get(code, set()) | {s for s in units if s is not None}
            total, numbers, kinds, gaps = 0, 0, [], 0
            for structure_id in members:
                found = sorted(units.get(structure_id, []))
                if not found:
                    continue
                if aggregation[indicator] == "last":
                    _, kind, number = found[-1]
                    kinds.append(kind)
                    if kind == "number":
                        total, numbers = total + number, numbers + 1
                else:
                    given = [n for _, k, n in found if k == "number"]
                    if given:
                        total, numbers = total + sum(given), numbers + 1
                        kinds.append("number")
                        gaps += len(given) < len(found)
                    else:
                        kinds.append("nc" if any(k == "nc" for _, k, _ in found) else "ne")
            if numbers:
                status = "value" if numbers == len(members) and not gaps else "partial"
                table[code, indicator] = (total, status, numbers, len(members))
            elif kinds:
                table[code, indicator] = (None, "ne" if set(kinds) == {"ne"} else "nc", 0, len(members))
            else:
                table[code, indicator] = (None, "missing", 0, len(members))
    return table


def engine_table(as_of):
    from essaim.evaluation.consolidation import consolidate
    from essaim.evaluation.models import Indicator

    table = consolidate(as_of, indicators=Indicator.objects.filter(operation=""))
    return {
        (row.innovation.code, code): (cell.value, str(cell.status), cell.reported, cell.expected)
        for row in table.rows
        for code, cell in row.cells.items()
    }


def compare(as_of):
    plain, engine = plain_table(as_of), engine_table(as_of)
    keys = set(engine) | {key for key, cell in plain.items() if cell[1] != "missing" or cell[3]}
    differ = sorted(key for key in keys if plain.get(key, (None, "missing", 0, 0)) != engine.get(key))
    return len(keys), differ, plain, engine


def main():
    django.setup()
    from essaim.programmes import scope
    from essaim.programmes.models import Programme

    days = [date.fromisoformat(day) for day in sys.argv[1:]] or [date(2020, 12, 31), date(2023, 6, 30)]
    failed = False
    for programme in Programme.objects.all():
        with scope.activate(programme):
            for day in days:
                count, differ, plain, engine = compare(day)
                print(f"{programme.code} au {day} : {count} cellules comparées, {len(differ)} différente(s)")
                for key in differ[:20]:
                    print(f"  {key} : règles {plain.get(key)} ≠ moteur {engine.get(key)}")
                failed = failed or bool(differ)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
