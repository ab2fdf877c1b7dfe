"""The consolidation engine: one table of figures per innovation and indicator, as of a date.

The only place where figures are added up. Pages, exports, commands and the API call
`consolidate()`; the rules are in docs/consolidation.md and in the tests.
"""

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.db import OperationalError, connection, connections, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber

from essaim.core import reading
from essaim.core.figures import Cell, CellStatus
from essaim.evaluation.enums import Aggregation, Operation, ValidationState, ValueKind
from essaim.evaluation.expected_periods import missing_periods
from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation
from essaim.programmes import scope
from essaim.programmes.models import Programme
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange

# A structure is expected to report from its selection on, whatever it makes of the innovation
# (considering, implementing, adapting, paused); a candidate is not yet, and one that abandons
# no longer is — what it reported stays counted (DOMAIN.md, "What happened stays counted").
NOT_EXPECTED = {AdoptionStatus.CANDIDATE, AdoptionStatus.ABANDONED}
SOURCE_INNOVATION = "innovation"
SOURCE_STRUCTURES = "structures"


@dataclass
class Row:
    innovation: Innovation
    cells: dict = field(default_factory=dict)


@dataclass
class Table:
    as_of: date
    start: date | None
    indicators: list
    rows: list
    total: dict

    def as_dict(self):
        return {
            "as_of": self.as_of.isoformat(),
            "indicators": [i.code for i in self.indicators],
            "rows": [
                {
                    "innovation": row.innovation.code,
                    "cells": {i.code: row.cells[i.code].as_dict() for i in self.indicators},
                }
                for row in self.rows
            ],
            "total": {
                i.code: {"value": self.total[i.code].value, "status": str(self.total[i.code].status)}
                for i in self.indicators
            },
        }


def no_number_status(statuses):
    """The status of a set of parts none of which has a number: all ne → ne; any nc (or a mix) →
    nc; nothing reported at all → missing."""
    statuses = set(statuses) - {CellStatus.MISSING}
    if not statuses:
        return CellStatus.MISSING
    if statuses == {CellStatus.NE}:
        return CellStatus.NE
    return CellStatus.NC


def combine(parts):
    """Add up parts (each a (number or None, status)); value only if every part is value."""
    numbers = [number for number, _ in parts if number is not None]
    if not numbers:
        return None, no_number_status(status for _, status in parts)
    if all(status == CellStatus.VALUE for _, status in parts):
        return sum(numbers), CellStatus.VALUE
    return sum(numbers), CellStatus.PARTIAL


class Units(defaultdict):
    """innovation id → the structure ids expected on the date; `adopting`: every (innovation,
    structure) with an adoption, expected or not (read by the same query)."""

    def __init__(self):
        super().__init__(set)
        self.adopting = set()


def expected_units(as_of, innovation_ids=None):
    """innovation id → set of structure ids expected to report on `as_of`: adoptions that began
    by then and whose status on that day is neither candidate nor abandoned (of the innovations
    `innovation_ids` only, when given). A `Units`: it also knows every adopting structure."""
    status = {}
    entries = StatusChange.objects.filter(on__lte=as_of, adoption__since__lte=as_of).order_by("on", "id")
    adoptions = Adoption.objects.all()
    if innovation_ids is not None:
        entries = entries.filter(adoption__innovation_id__in=innovation_ids)
        adoptions = adoptions.filter(innovation_id__in=innovation_ids)
    for adoption_id, status_code in entries.values_list("adoption_id", "status"):
        status[adoption_id] = status_code
    units = Units()
    for adoption_id, innovation_id, structure_id, since in adoptions.values_list(
        "pk", "innovation_id", "structure_id", "since"
    ):
        units.adopting.add((innovation_id, structure_id))
        if since <= as_of and status.get(adoption_id, AdoptionStatus.CANDIDATE) not in NOT_EXPECTED:
            units[innovation_id].add(structure_id)
    return units


@dataclass
class Reports:
    """What the expected structures of one cell reported: the sum of their numbers, how many
    gave a number, how many said nc, how many ne (each structure counts once), and how many of
    those answers rest on validated values only; `extra`: the structures among them that were not
    expected on the date (they reported all the same: what happened stays counted); `gaps`: those
    whose `sum` adds numbers over a window where they also said nc or ne."""

    total: int = 0
    numbers: int = 0
    nc: int = 0
    ne: int = 0
    validated: int = 0
    extra: int = 0
    gaps: int = 0

    def add(self, kind, number, validated=False, expected=True, gap=False):
        self.validated += bool(validated)
        self.extra += not expected
        self.gaps += bool(gap)
        if kind == ValueKind.NUMBER:
            self.total += number
            self.numbers += 1
        elif kind == ValueKind.NC:
            self.nc += 1
        else:
            self.ne += 1


NOTHING = Reports()


def figures(last_ids, sum_ids, as_of, start, units, innovation_ids=None, validated_only=False):
    """What was reported for each innovation and indicator as of a date: `(whole, reports)`,
    `whole` the value for the innovation as a whole ((innovation, indicator) → (kind, number,
    validated)), `reports` what its structures reported ((innovation, indicator) → Reports): the
    expected ones (`units`) and any other that reported a value for the indicator by then (the
    latest, or in the window), whatever its adoption's status or start. `validated_only`: as if
    only validated values had been entered.

    On PostgreSQL one query adds everything up and returns a row per innovation and indicator
    (`FIGURES_SQL`); elsewhere each unit's value comes to Python and is added up here. The
    tests run both against a plain reference implementation."""
    if connection.vendor == "postgresql":
        return figures_in_sql(last_ids, sum_ids, as_of, start, units, innovation_ids, validated_only)
    whole, reports = {}, defaultdict(Reports)
    found = chain(
        latest_values(last_ids, as_of, innovation_ids, validated_only),
        summed_values(sum_ids, as_of, start, innovation_ids, validated_only),
    )
    for innovation_id, structure_id, indicator_id, kind, number, validated, gap in found:
        if structure_id is None:
            whole[(innovation_id, indicator_id)] = (kind, number, validated)
        else:
            expected = structure_id in units.get(innovation_id, ())
            reports[(innovation_id, indicator_id)].add(kind, number, validated, expected, gap)
    return whole, reports


def readable_values(indicator_ids, as_of, innovation_ids, validated_only):
    values = Value.objects.filter(indicator_id__in=indicator_ids, period_end__lte=as_of)
    if validated_only:
        values = values.filter(state=ValidationState.VALIDATED)
    if innovation_ids is not None:
        values = values.filter(innovation_id__in=innovation_ids)
    return values


def latest_values(indicator_ids, as_of, innovation_ids=None, validated_only=False):
    """For `last` indicators: each unit's value with the latest period end ≤ as_of.
    Yields (innovation_id, structure_id, indicator_id, kind, number, validated)."""
    if not indicator_ids:
        return []
    values = readable_values(indicator_ids, as_of, innovation_ids, validated_only)
    ranked = values.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("indicator_id"), F("innovation_id"), F("structure_id")],
            order_by=F("period_end").desc(),
        )
    )
    rows = ranked.filter(rank=1).values_list("innovation_id", "structure_id", "indicator_id", "kind", "number", "state")
    return (row[:5] + (row[5] == ValidationState.VALIDATED, False) for row in rows)


def summed_values(indicator_ids, as_of, start, innovation_ids=None, validated_only=False):
    """For `sum` indicators: per unit, the sum of its numbers, or nc / ne when it has none, and
    whether every one of its values in the window is validated, and whether it is a gap (numbers
    beside an nc or ne in the window). Yields (innovation_id, structure_id, indicator_id, kind,
    number, validated, gap) with one row per unit."""
    if not indicator_ids:
        return
    values = readable_values(indicator_ids, as_of, innovation_ids, validated_only)
    if start is not None:
        values = values.filter(period_end__gte=start)
    grouped = (
        values.order_by()
        .values("indicator_id", "innovation_id", "structure_id")
        .annotate(
            total=Sum("number"),
            numbers=Count("kind", filter=Q(kind=ValueKind.NUMBER)),
            nc=Count("kind", filter=Q(kind=ValueKind.NC)),
            count=Count("kind"),
            validated=Count("kind", filter=Q(state=ValidationState.VALIDATED)),
        )
        .values_list("innovation_id", "structure_id", "indicator_id", "total", "numbers", "nc", "count", "validated")
    )
    for innovation_id, structure_id, indicator_id, total, numbers, nc, count, validated in grouped:
        all_validated = validated == count
        if numbers:
            gap = numbers < count
            yield innovation_id, structure_id, indicator_id, ValueKind.NUMBER, total, all_validated, gap
        else:
            kind = ValueKind.NC if nc else ValueKind.NE
            yield innovation_id, structure_id, indicator_id, kind, None, all_validated, False


# Each unit's value, then the structures' values added up per innovation and indicator, so that
# a few thousand rows come back rather than a row per unit. `last` indicators: one probe of the
# index unique_structure_value per expected structure (a few index pages, never the unit's whole
# history), and DISTINCT ON for the innovations as a whole (few values). `sum` indicators: the
# values grouped in the order of unique_structure_value (an index-only scan), then kept for the
# innovations as a whole and the expected structures. The two kinds of indicator never share a
# row of the result: each half can run alone (`figures_in_sql`).
LAST_VALUES = """
    SELECT u.innovation_id, u.structure_id, v.kind, v.number, i.id AS indicator_id, v.validated, u.expected,
        false AS gap
    FROM units AS u
    CROSS JOIN unnest(%(last)s::bigint[]) AS i(id)
    CROSS JOIN LATERAL (
        SELECT kind, number, state = 'validated' AS validated FROM {table} AS v
        WHERE v.indicator_id = i.id AND v.innovation_id = u.innovation_id AND v.structure_id = u.structure_id
            AND v.period_end <= %(as_of)s {validated}
        ORDER BY v.period_end DESC LIMIT 1
    ) AS v
    UNION ALL
    SELECT * FROM (
        SELECT DISTINCT ON (indicator_id, innovation_id)
            innovation_id, NULL::bigint, kind, number, indicator_id, state = 'validated', true, false
        FROM {table}
        WHERE structure_id IS NULL AND indicator_id = ANY(%(last)s::bigint[]) AND period_end <= %(as_of)s
            {only} {programme} {validated}
        ORDER BY indicator_id, innovation_id, period_end DESC
    ) AS whole
"""
SUMMED_VALUES = """
    SELECT s.innovation_id, s.structure_id,
        CASE WHEN s.numbers > 0 THEN 'number' WHEN s.nc > 0 THEN 'nc' ELSE 'ne' END, s.total, s.indicator_id,
        s.validated, s.structure_id IS NULL OR coalesce(u.expected, false), s.numbers > 0 AND s.numbers < s.count
    FROM (
        SELECT indicator_id, innovation_id, structure_id, sum(number) AS total,
            count(*) FILTER (WHERE kind = 'number') AS numbers, count(*) FILTER (WHERE kind = 'nc') AS nc,
            count(*) AS count, bool_and(state = 'validated') AS validated
        FROM {table}
        WHERE indicator_id = ANY(%(sum)s::bigint[]) AND period_end <= %(as_of)s {since} {only} {programme}
            {validated}
        GROUP BY indicator_id, innovation_id, structure_id
    ) AS s
    LEFT JOIN units AS u ON u.innovation_id = s.innovation_id AND u.structure_id = s.structure_id
"""
FIGURES_SQL = """
WITH units AS MATERIALIZED (
    SELECT * FROM unnest(%(innovations)s::bigint[], %(structures)s::bigint[], %(expected)s::boolean[])
        AS u(innovation_id, structure_id, expected)
), unit_values (innovation_id, structure_id, kind, number, indicator_id, validated, expected, gap) AS ({values})
SELECT innovation_id, indicator_id, structure_id IS NULL,
    coalesce(sum(number) FILTER (WHERE kind = 'number'), 0),
    count(*) FILTER (WHERE kind = 'number'), count(*) FILTER (WHERE kind = 'nc'), count(*) FILTER (WHERE kind = 'ne'),
    count(*) FILTER (WHERE validated), count(*) FILTER (WHERE NOT expected), count(*) FILTER (WHERE gap)
FROM unit_values
GROUP BY innovation_id, indicator_id, structure_id IS NULL
"""


def figures_sql(parts, start, innovation_ids, programme_id=None, validated_only=False):
    """FIGURES_SQL over `parts` (LAST_VALUES, SUMMED_VALUES or both). Raw SQL is not scoped: the
    units are the programme's, and `programme_id` keeps the other programmes' values unread."""
    quote = connection.ops.quote_name
    innovations = quote(Innovation._meta.db_table)
    values = " UNION ALL ".join(parts).format(
        table=quote(Value._meta.db_table),
        since="AND period_end >= %(start)s" if start is not None else "",
        only="AND innovation_id = ANY(%(only)s::bigint[])" if innovation_ids is not None else "",
        programme=(
            f"AND innovation_id IN (SELECT id FROM {innovations} WHERE programme_id = %(programme)s)"
            if programme_id is not None
            else ""
        ),
        validated="AND state = 'validated'" if validated_only else "",
    )
    return FIGURES_SQL.format(values=values)


def figures_in_sql(last_ids, sum_ids, as_of, start, units, innovation_ids, validated_only=False):
    """One query; or, for the whole table outside any transaction, its two halves at once on two
    connections sharing one snapshot (`halves_at_once`): each takes about half the time."""
    # The `last` probes go to every adopting structure, expected or not: one that is not expected
    # on the date counts when it reported (its probe then finds a value).
    adopting = getattr(units, "adopting", None)
    if adopting is None:  # units given by the caller: read the adoptions
        found = Adoption.objects.all()
        if innovation_ids is not None:
            found = found.filter(innovation_id__in=innovation_ids)
        adopting = set(found.values_list("innovation_id", "structure_id"))
    pairs = sorted(adopting | {(i, s) for i, structures in units.items() for s in structures})
    programme_id = scope.current_id() if innovation_ids is None and several_programmes() else None
    params = {
        "innovations": [innovation for innovation, _ in pairs],
        "structures": [structure for _, structure in pairs],
        "expected": [structure in units.get(innovation, ()) for innovation, structure in pairs],
        "last": list(last_ids),
        "sum": list(sum_ids),
        "as_of": as_of,
        "start": start,
        "only": innovation_ids,
        "programme": programme_id,
    }
    if last_ids and sum_ids and innovation_ids is None and not connection.in_atomic_block:
        last, summed = (
            figures_sql([part], start, innovation_ids, programme_id, validated_only)
            for part in (LAST_VALUES, SUMMED_VALUES)
        )
        rows = halves_at_once(last, summed, params)
    else:
        sql = figures_sql([LAST_VALUES, SUMMED_VALUES], start, innovation_ids, programme_id, validated_only)
        with transaction.atomic(), connection.cursor() as cursor:
            rows = run_figures(cursor, sql, params)
    whole, reports = {}, {}
    for innovation_id, indicator_id, is_whole, total, numbers, nc, ne, validated, extra, gaps in rows:
        if is_whole:
            kind = ValueKind.NUMBER if numbers else ValueKind.NC if nc else ValueKind.NE
            whole[(innovation_id, indicator_id)] = (kind, int(total) if numbers else None, bool(validated))
        else:
            reports[(innovation_id, indicator_id)] = Reports(int(total), numbers, nc, ne, validated, extra, gaps)
    return whole, reports


def several_programmes():
    """Whether other programmes' values share the table (one programme: nothing to leave out)."""
    return Programme.objects.all()[1:2].exists()


def run_figures(cursor, sql, params):
    """The rows of a figures query, in the cursor's transaction. Compiling the query (JIT) costs
    more than it saves on a query run once."""
    cursor.execute("SELECT set_config('jit', 'off', true)")
    cursor.execute(sql, params)
    return cursor.fetchall()


def halves_at_once(first, second, params):
    """The rows of two queries run at the same time, `first` on this connection and `second` on
    a connection of its own in another thread, both reading one snapshot (exported by the first
    transaction, imported by the second): the result is the one a single query would give. When
    the server refuses a second connection, `second` runs after `first`, in the same snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        with ThreadPoolExecutor(max_workers=1) as pool:
            other = pool.submit(run_apart, connection.alias, second, params, snapshot)
            rows = run_figures(cursor, first, params)
            try:
                return rows + other.result()
            except OperationalError:  # no second connection to be had: this one, same snapshot
                return rows + run_figures(cursor, second, params)


def run_apart(alias, sql, params, snapshot):
    """Run a figures query on a new connection, in the snapshot `snapshot`; then close it."""
    apart = connections.create_connection(alias)
    try:
        with apart.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            rows = run_figures(cursor, sql, params)
            cursor.execute("COMMIT")
        return rows
    finally:
        apart.close()


def unit_cell(reports, expected, gaps=0):
    """A cell from what its structures reported (Reports): the `expected` ones (a count) and the
    others that reported all the same (`reports.extra`) are its units. It is complete (`value`)
    only when every unit gave numbers only: a unit that said nc or ne beside its numbers
    (`reports.gaps`), or that left a period a campaign expected without a value (`gaps`:
    expected_periods.py), makes it partial."""
    expected += reports.extra
    gaps += reports.gaps
    cell = Cell(
        reported=reports.numbers,
        expected=expected,
        nc=reports.nc,
        ne=reports.ne,
        validated=reports.validated,
        answers=reports.numbers + reports.nc + reports.ne,
    )
    if reports.numbers:
        cell.value = reports.total
        cell.status = CellStatus.VALUE if reports.numbers == expected and not gaps else CellStatus.PARTIAL
        cell.gaps = gaps
        cell.source = SOURCE_STRUCTURES
    elif reports.nc or reports.ne:
        cell.status = CellStatus.NC if reports.nc else CellStatus.NE
        cell.source = SOURCE_STRUCTURES
    return cell


def innovation_cell(kind, number, validated=False):
    """A cell from a value reported for the innovation as a whole: one unit, the innovation."""
    review = {"validated": int(bool(validated)), "answers": 1, "source": SOURCE_INNOVATION, "expected": 1}
    if kind == ValueKind.NUMBER:
        return Cell(value=number, status=CellStatus.VALUE, reported=1, **review)
    status = CellStatus.NC if kind == ValueKind.NC else CellStatus.NE
    return Cell(status=status, reported=0, **review, **{kind: 1})


def derived_cell(indicator, operands):
    parts = [(c.value, c.status) for c in operands]
    if indicator.operation == Operation.SUM:
        value, status = combine(parts)
        return Cell(value=value, status=status, reported=None, expected=None)
    left, right = operands
    if not (left.has_number and right.has_number):
        missing = [c.status for c in operands if not c.has_number]
        return Cell(status=no_number_status(missing), reported=None, expected=None)
    status = CellStatus.VALUE if left.status == right.status == CellStatus.VALUE else CellStatus.PARTIAL
    if indicator.operation == Operation.DIFFERENCE:
        return Cell(value=left.value - right.value, status=status, reported=None, expected=None)
    if right.value == 0:
        return Cell(status=CellStatus.MISSING, reported=None, expected=None)
    return Cell(value=round(left.value / right.value, 1), status=status, reported=None, expected=None)


def total_cell(cells):
    value, status = combine([(c.value, c.status) for c in cells])
    reported = sum(1 for c in cells if c.status == CellStatus.VALUE)
    validated, answers = sum(c.validated or 0 for c in cells), sum(c.answers or 0 for c in cells)
    return Cell(
        value=value, status=status, reported=reported, expected=len(cells), validated=validated, answers=answers
    )


def computation(indicators, by_code):
    """What a table of `indicators` computes: the entered indicators it reads ({code: indicator},
    its own and those its derived indicators are computed from), and the derived indicators in an
    order where each comes after its operands (a derived indicator may be computed from another:
    the dictionary refuses circular calculations)."""
    needed, derived, seen = {}, [], set()

    def visit(indicator):
        if indicator.code in seen:
            return
        seen.add(indicator.code)
        if not indicator.is_derived:
            needed[indicator.code] = indicator
            return
        for code in indicator.operands:
            visit(by_code[code])
        derived.append(indicator)

    for indicator in indicators:
        if not indicator.is_derived:
            visit(indicator)
    for indicator in indicators:
        visit(indicator)
    return needed, derived


def consolidate(as_of, *, start=None, indicators=None, innovations=None, validated_only=None):
    """The consolidated table as of a date. `indicators`: a queryset or list (default: all).
        `innovations`: only these rows (their totals then cover them only), for one innovation's
        report drawn at many dates. `validated_only`: the figures as if only validated values had
        been entered (what funders and the public read when their programme says so; by default, as
    the request or job reads: core/reading.py). Each cell
        counts its answers and those resting on validated values only (`Cell.validated`)."""
    innovation_ids = None if innovations is None else [i.pk for i in innovations]
    if validated_only is None:
        validated_only = reading.validated_only()
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    needed, derived = computation(indicators, {i.code: i for i in Indicator.objects.all()})
    last_ids = [i.pk for i in needed.values() if i.aggregation == Aggregation.LAST]
    sum_ids = [i.pk for i in needed.values() if i.aggregation == Aggregation.SUM]

    units = expected_units(as_of, innovation_ids)
    whole, reports = figures(last_ids, sum_ids, as_of, start, units, innovation_ids, validated_only)
    gaps = missing_periods(sum_ids, as_of, start, units, expected_units, innovation_ids)

    present = Innovation.objects.filter(
        Exists(Adoption.objects.filter(innovation=OuterRef("pk"), since__lte=as_of))
        | Exists(Value.objects.filter(innovation=OuterRef("pk"), period_end__lte=as_of))
    )
    if innovation_ids is not None:
        present = present.filter(pk__in=innovation_ids)

    rows = []
    for innovation in present.select_related("porteur").order_by("entered_on", "code"):
        cells = {}
        for indicator in needed.values():
            key = (innovation.pk, indicator.pk)
            if key in whole:
                cells[indicator.code] = innovation_cell(*whole[key])
            else:
                cells[indicator.code] = unit_cell(
                    reports.get(key, NOTHING), len(units.get(innovation.pk, ())), len(gaps.get(key, ()))
                )
        for indicator in derived:
            cells[indicator.code] = derived_cell(indicator, [cells[code] for code in indicator.operands])
        rows.append(Row(innovation=innovation, cells=cells))

    total = {code: total_cell([row.cells[code] for row in rows]) for code in needed}
    for indicator in derived:
        total[indicator.code] = derived_cell(indicator, [total[code] for code in indicator.operands])
    return Table(as_of=as_of, start=start, indicators=indicators, rows=rows, total=total)


def total_across(totals, indicators):
    """The total of the same indicators over several programmes (`totals`: each programme's table
    total, {code: Cell}), added as the innovations of one table are: a number where every
    programme's total is one (partial if any is), its coverage the programmes' innovations
    reporting over theirs; a derived indicator computed from the added operands. Only the shared
    indicators (the same code of the standard set) may be added: a programme's own indicators
    are not the same as another's, whatever their code."""
    by_code = {i.code: i for i in indicators}
    needed, derived = computation(indicators, by_code)
    across = {}
    for code in needed:
        # A programme without innovations at the date adds nothing, as an empty table does.
        cells = [total[code] for total in totals if code in total and total[code].expected]
        value, status = combine([(c.value, c.status) for c in cells])
        reported = sum(c.reported or 0 for c in cells)
        expected = sum(c.expected or 0 for c in cells)
        across[code] = Cell(value=value, status=status, reported=reported, expected=expected)
    for indicator in derived:
        across[indicator.code] = derived_cell(indicator, [across[code] for code in indicator.operands])
    return across
