"""values.csv, staged: checked, planned and written in SQL on PostgreSQL (`imports/staging.py`).

A national values.csv holds a million rows; row by row (`values_csv.ValuesImport`, still the path
on SQLite) that takes minutes. The figures template a person uploads from an innovation's page
takes this path too (`figure_upload.FiguresImport`, which adds its rules in `check_scope`).
Here each distinct code, date, figure, source and comment is read once in Python, and the rows
meet them in SQL:

- the rules of `Value.clean` are a join with the indicators and the adoptions; the rows it
  flags get their messages from `values_csv.rule_errors` itself, so the words are the same;
- the plan is one join with the values saved for the innovations and period ends of the file
  (read through the index `value_innovation_period`): new, updated (and which fields) or
  unchanged, kept in a temporary table;
- the write is one INSERT … SELECT of the new values (no history row: a value's history begins
  at its first change) and one UPDATE … FROM of the changed ones, after copying the original of
  those changed for the first time, the UPDATE copying the rows it wrote to the history table in
  the same statement.

Columns the file lacks keep the saved value (or take the default on a new value), as in the
row path; `tests/bundle` runs every case both ways.
"""

from django.utils import timezone
from psycopg import sql

from essaim.core.first_change import original_rows
from essaim.core.sql_rows import HistoryCopy
from essaim.evaluation.enums import Level, ValidationState
from essaim.evaluation.models import Value
from essaim.evaluation.values_csv import FIELD_COLUMNS, FIELDS, KEY, PERIOD_ORDER, ValuesImport, describe, rule_errors
from essaim.imports.plan import Outcome
from essaim.imports.staging import StagedImport, check_foreign_keys

NEW, UPDATED, UNCHANGED = 0, 1, 2
OUTCOMES = {NEW: Outcome.NEW, UPDATED: Outcome.UPDATED, UNCHANGED: Outcome.UNCHANGED}
# Each field an import compares and writes: its SQL type, its default on a new value, and where
# the staged rows hold it (the dimension table of its column, and the column of that table).
WRITTEN = {
    "period_start": ("date", None, "period_start", "day"),
    "kind": ("text", None, "value", "kind"),
    "number": ("bigint", None, "value", "number"),
    "source_id": ("bigint", None, "source", "source_id"),
    "source_detail": ("text", "", "source", "source_detail"),
    "comment": ("text", "", "comment", "comment"),
}
assert tuple(WRITTEN) == FIELDS
# What each column's dimension table holds, from the value its cells read to.
DIMENSIONS = {
    "innovation": ([("id", "bigint"), ("code", "text")], lambda i: (i.id, i.code)),
    "structure": (
        [("id", "bigint"), ("none", "boolean"), ("key", "text")],
        lambda s: (None, True, None) if s is None else (s.id, False, s.key),
    ),
    "indicator": (
        [("id", "bigint"), ("computed", "boolean"), ("levels", "text")],
        lambda i: (i.id, bool(i.operation), i.levels),
    ),
    "period_start": ([("day", "date")], lambda day: (day,)),
    "period_end": ([("day", "date")], lambda day: (day,)),
    "value": ([("kind", "text"), ("number", "bigint")], lambda value: value),
    "source": ([("source_id", "bigint"), ("source_detail", "text")], lambda source: source),
    "comment": ([("comment", "text")], lambda comment: (comment,)),
}
# The columns naming records that an earlier file of the bundle may save before this one.
RECORDS = ("innovation", "structure", "indicator")
# The order of the index unique_structure_value, in which new values are inserted: each column
# and what orders its values (a record by its id, the innovation as a whole first).
ORDER = {
    "indicator": lambda indicator: indicator.id,
    "innovation": lambda innovation: innovation.id,
    "structure": lambda structure: 0 if structure is None else structure.id,
    "period_end": lambda day: day,
}
LARGEST_KEY = 2**62


def ranks(stage):
    """{column: (rank of each value's order key, number of ranks)} for the columns of ORDER, so
    that one bigint, ((indicator × n + innovation) × n + structure) × n + period end, sorts the
    rows as the index does; None when a record has no id yet (an earlier file of the bundle
    saves it) or the product of the counts does not fit in a bigint."""
    found, size = {}, 1
    for name, key in ORDER.items():
        if name not in stage.columns:
            found[name] = ({}, 1)
            continue
        keys = {key(value) for _, value in stage.columns[name].tokens()}
        if None in keys:
            return None
        ordered = {k: rank for rank, k in enumerate(sorted(keys))}
        found[name] = (ordered, len(ordered) or 1)
        size *= found[name][1]
    return found if size < LARGEST_KEY else None


def constant_row(columns, values, connection):
    """SQL: `(SELECT value::type AS column, …)`, the dimension row of a column's single cell."""
    literals = (
        f"{sql.Literal(value).as_string(connection.connection)}::{kind} AS {column}"
        for (column, kind), value in zip(columns, values, strict=True)
    )
    return f"(SELECT {', '.join(literals)})"


class StagedValuesImport(StagedImport, ValuesImport):
    model = Value

    def check_staged(self, stage, cursor, errors, plan):
        self.dimensions, self.constants = {}, {}
        self.ranks = ranks(stage)
        for name in DIMENSIONS:
            if name not in stage.columns:
                continue
            columns, convert = self.dimension(name)
            tokens = stage.columns[name].tokens()
            if len(tokens) == 1:  # one cell all the way down the file (a source, an empty comment)
                self.constants[name] = constant_row(columns, convert(tokens[0][1]), self.connection)
            else:
                self.dimensions[name] = stage.dimension(cursor, name, columns, convert)
        self.check_scope(stage, cursor)
        self.make_plan(stage, cursor)
        refused = self.check_rules(stage, cursor)
        if stage.sizes[self.saved_table]:  # the update joins the plan with the values: statistics help
            cursor.execute(f"ANALYZE {self.plan_table}")
            cursor.execute(f"SELECT outcome, count(*) FROM {self.plan_table} GROUP BY outcome")
            self.counts = dict(cursor.fetchall())
        else:  # nothing saved to compare with: every row the rules let through is new (0.4 s saved)
            self.counts = {NEW: stage.sizes[self.plan_table] - refused}
        self.describe_plan(stage, cursor, plan)

    def check_scope(self, stage, cursor):
        """Where an import adds rules of its own, refuse the staged rows they refuse (with
        `stage.add` and `stage.refuse`) before the plan; none here."""

    def dimension(self, name):
        """The SQL columns of the dimension table of `name`, and how a value fills them; a
        column of ORDER also holds the rank of the value's order key (`ord`)."""
        columns, convert = DIMENSIONS[name]
        if name not in ORDER or self.ranks is None:
            return columns, convert
        ordered, key = self.ranks[name][0], ORDER[name]
        return [*columns, ("ord", "bigint")], lambda value: (*convert(value), ordered[key(value)])

    def sort_key(self, stage):
        """SQL: the bigint that sorts a staged row in the order of unique_structure_value."""
        key = "0"
        for name in ORDER:
            rank = f"{name}.ord" if name in stage.columns else "0"
            key = f"({key}) * {self.ranks[name][1]} + {rank}"
        return key

    def joins(self, stage, names):
        """The dimension tables of `names` (the file's columns among them), joined to `s`; a
        column holding one cell is a row of constants, which the planner folds into the query
        rather than joining it a million times (each join costs about 0.2 s)."""
        joins = []
        for name in names:
            if name in self.constants:
                joins.append(f"CROSS JOIN {self.constants[name]} AS {name}")
            elif name in stage.columns:
                joins.append(f"JOIN {self.dimensions[name]} AS {name} ON {name}.token = s.{stage.columns[name].sql}")
        return " ".join(joins)

    def broken(self, stage, cursor):
        """SQL true on a staged row (joined to its dimensions) that may break one of
        Value.clean's rules; `check_rules` words them."""
        pairs = [("innovation", "text"), ("structure", "text")]
        adoptions = stage.table_of(cursor, "adoptions", pairs, list(self.lookups.adoptions))
        columns = stage.columns
        whole = "structure.none" if "structure" in columns else "true"  # a value for the innovation as a whole
        adopted = (
            f"EXISTS (SELECT 1 FROM {adoptions} AS a "
            f"WHERE a.innovation = innovation.code AND a.structure = structure.key)"
            if "structure" in columns
            else "true"
        )
        backwards = "period_start.day > period_end.day" if "period_start" in columns else "false"
        sql = (
            f"(indicator.computed OR (NOT {whole} AND indicator.levels = %s) "
            f"OR ({whole} AND indicator.levels = %s) OR (NOT {whole} AND NOT {adopted}) OR {backwards})"
        )
        return sql, [Level.INNOVATION, Level.STRUCTURE]

    def check_rules(self, stage, cursor):
        """Value.clean's rules on the rows the plan flagged: `rule_errors` words them (the row
        path's words); those rows leave the plan. Returns how many."""
        columns = stage.columns
        cursor.execute(
            f"SELECT row, t_innovation, t_structure, t_indicator, period_start, period_end "
            f"FROM {self.plan_table} WHERE broken"
        )
        refused = []
        for number, innovation, structure, indicator, start, end in sorted(cursor.fetchall()):
            problems = rule_errors(
                columns["innovation"].values[innovation],
                None if structure is None else columns["structure"].values[structure],
                columns["indicator"].values[indicator],
                self.lookups.adoptions,
            )
            if "period_start" in columns and start is not None and start > end:
                problems.append(("period_start", PERIOD_ORDER))
            for column, message in problems:
                stage.add(number, column, message)
            if problems:
                refused.append(number)
        stage.refuse(cursor, refused)
        if refused:
            cursor.execute(f"DELETE FROM {self.plan_table} WHERE row = ANY(%s)", [refused])
        return len(refused)

    def make_plan(self, stage, cursor):
        """One join with the saved values: each staged row's outcome and changed fields, and
        whether it may break a rule (`broken`), kept in a temporary table for the write."""
        columns = stage.columns
        structure = "structure" in columns
        broken, broken_params = self.broken(stage, cursor)
        typed = [
            "s.row",
            f"s.{columns['innovation'].sql} AS t_innovation",
            f"s.{columns['structure'].sql} AS t_structure" if structure else "NULL::integer AS t_structure",
            f"s.{columns['indicator'].sql} AS t_indicator",
            "innovation.id AS innovation_id",
            "structure.id AS structure_id" if structure else "NULL::bigint AS structure_id",
            "structure.none AS whole" if structure else "true AS whole",
            "indicator.id AS indicator_id",
            "period_end.day AS period_end",
            f"{broken} AS broken",
            f"{self.sort_key(stage)} AS sort_key" if self.ranks else "NULL::bigint AS sort_key",
        ]
        selected, changes, params = [], [], []
        for bit, (field, (kind, default, dimension, column)) in enumerate(WRITTEN.items()):
            if FIELD_COLUMNS[bit] in columns:
                typed.append(f"{dimension}.{column} AS {field}")
                selected.append(f"t.{field}")
                changes.append(f"CASE WHEN t.{field} IS DISTINCT FROM e.{field} THEN {1 << bit} ELSE 0 END")
            else:  # kept as saved, or the default on a new value
                selected.append(f"CASE WHEN e.id IS NULL THEN %s::{kind} ELSE e.{field} END AS {field}")
                params.append(default)
        changed = " + ".join(changes) or "0"
        # The saved values of the innovations and period ends the file mentions, read through
        # the index value_innovation_period, never the whole table: OFFSET 0 keeps the lateral
        # subquery a probe per pair (flattened, it becomes a hash join over every saved value
        # whenever the statistics expect a few hundred values per pair).
        innovation, end = columns["innovation"], columns["period_end"]
        cursor.execute(f"SELECT DISTINCT {innovation.sql}, {end.sql} FROM {stage.name} WHERE ok")
        pairs = [(innovation.values[i].id, end.values[e]) for i, e in cursor.fetchall()]
        pairs = [pair for pair in pairs if pair[0] is not None]
        saved = ("id", "innovation_id", "structure_id", "indicator_id", "period_end", *FIELDS)
        # Kept in a table of its own, analysed, so that the planner knows its size: for a file of
        # new values it is empty, and hashing it costs nothing, where hashing the file's million
        # rows costs half a second.
        self.saved_table = saved_table = stage.table_as(
            cursor,
            "saved",
            f"SELECT v.* FROM unnest(%s::bigint[], %s::date[]) AS pairs(innovation_id, period_end) "
            f"CROSS JOIN LATERAL (SELECT {', '.join(saved)} FROM {Value._meta.db_table} AS v "
            f"WHERE v.innovation_id = pairs.innovation_id AND v.period_end = pairs.period_end OFFSET 0) AS v",
            [[pair[0] for pair in pairs], [pair[1] for pair in pairs]],
        )
        # A saved value matches on its unit: the same structure, or both for the innovation as a whole.
        unit = "CASE WHEN t.whole THEN 0 ELSE coalesce(t.structure_id, -1) END"
        self.plan_table = stage.table_as(
            cursor,
            "plan",
            f"WITH typed AS NOT MATERIALIZED ("
            f"  SELECT {', '.join(typed)} FROM {stage.name} AS s {self.joins(stage, DIMENSIONS)} WHERE s.ok"
            f") "
            f"SELECT t.row, t.t_innovation, t.t_structure, t.t_indicator, t.period_end, t.broken, e.id AS pk, "
            f"  t.innovation_id, t.structure_id, t.indicator_id, t.sort_key, "
            f"  {', '.join(selected)}, "
            f"  CASE WHEN e.id IS NULL THEN {NEW} WHEN {changed} = 0 THEN {UNCHANGED} ELSE {UPDATED} END AS outcome, "
            f"  CASE WHEN e.id IS NULL THEN 0 ELSE {changed} END AS changed "
            f"FROM typed AS t LEFT JOIN {saved_table} AS e ON e.innovation_id = t.innovation_id "
            f"  AND e.indicator_id = t.indicator_id AND e.period_end = t.period_end "
            f"  AND coalesce(e.structure_id, 0) = {unit}",
            [*broken_params, *params],
            analyze=False,
        )

    def describe_plan(self, stage, cursor, plan):
        """The plan's detail: the first new or updated rows, in row order; counts for the rest.
        Each is kept in `seen` as the row path keeps it, with the (kind, number) it replaces."""
        cursor.execute(
            f"SELECT p.row, p.outcome, p.changed, p.t_innovation, p.t_structure, p.t_indicator, p.period_end, "
            f"  p.kind, p.number, e.kind, e.number "
            f"FROM {self.plan_table} AS p LEFT JOIN {self.saved_table} AS e ON e.id = p.pk "
            f"WHERE p.outcome <> {UNCHANGED} ORDER BY p.row LIMIT %s",
            [plan.detail_limit],
        )
        detailed = dict.fromkeys(OUTCOMES, 0)
        columns = stage.columns
        for number, outcome, bits, innovation, structure, indicator, end, *figures in cursor.fetchall():
            v = {
                "innovation": columns["innovation"].values[innovation],
                "structure": None if structure is None else columns["structure"].values[structure],
                "indicator": columns["indicator"].values[indicator],
                "period_end": end,
                "value": tuple(figures[:2]),
            }
            fields = [field for bit, field in enumerate(FIELDS) if bits & (1 << bit)]
            plan.add(self.file, number, lambda v=v: describe(v), OUTCOMES[outcome], fields)
            self.seen[number] = {**v, "saved": tuple(figures[2:]) if outcome == UPDATED else None}
            detailed[outcome] += 1
        for outcome, counted in OUTCOMES.items():
            plan.tally(self.file, counted, self.counts.get(outcome, 0) - detailed[outcome])

    def write_staged(self, stage, cursor, errors):
        if not (self.counts.get(NEW) or self.counts.get(UPDATED)):
            return
        user = self.lookups.user
        entered = [user.pk if user else None, timezone.now()]
        table = Value._meta.db_table
        if self.counts.get(NEW):
            self.insert_new(stage, cursor, entered)
        if self.counts.get(UPDATED):
            # A changed value is a new entry: it needs validating again. First, the values changed
            # for the first time keep their original as their first history row.
            originals = original_rows(Value, self.connection)
            cursor.execute(
                originals.head + f"{originals.pk} IN (SELECT pk FROM {self.plan_table} WHERE outcome = {UPDATED})",
                originals.params,
            )
            history = HistoryCopy(Value, user, self.connection, "~")
            assignments = [f"{field} = p.{field}" for field in FIELDS]
            assignments += ["entered_by_id = %s", "entered_at = %s", "state = %s"]
            assignments += ["validated_by_id = NULL", "validated_at = NULL"]
            cursor.execute(
                f"WITH written AS (UPDATE {table} AS v SET {', '.join(assignments)} FROM {self.plan_table} AS p "
                f"WHERE p.outcome = {UPDATED} AND v.id = p.pk RETURNING v.*) {history.statement('written')}",
                [*entered, ValidationState.ENTERED, *history.params],
            )
        check_foreign_keys(cursor)

    def insert_new(self, stage, cursor, entered):
        """One INSERT … SELECT of the new values, in the order of the largest index,
        unique_structure_value (indicator, innovation, structure, period end): each of its pages
        is then read and written once, not once per row. New values get no history row: a
        value's history begins at its first change (core/first_change.py).

        When every record the file names had its id when it was checked, the plan holds the ids
        and the order as one bigint (`sort_key`); otherwise the ids are read again, records an
        earlier file of the bundle saved having theirs now, and the rows sorted on four columns."""
        written = [*KEY, *FIELDS, "entered_by_id", "entered_at"]
        if self.ranks is not None:
            selected, joins, order = ["p.innovation_id", "p.structure_id", "p.indicator_id"], "", "p.sort_key"
        else:
            present = [name for name in RECORDS if name in stage.columns]
            for name in present:
                self.dimensions[name] = stage.dimension(cursor, name, *DIMENSIONS[name])
            joins = " ".join(f"JOIN {self.dimensions[name]} AS {name} ON {name}.token = p.t_{name}" for name in present)
            structure = "structure.id" if "structure" in present else "NULL::bigint"
            selected = ["innovation.id", structure, "indicator.id"]
            order = f"indicator.id, innovation.id, {structure}, p.period_end"
        selected += ["p.period_end", *(f"p.{field}" for field in FIELDS), "%s", "%s"]
        params = list(entered)
        for field in Value._meta.concrete_fields:  # the others take their default, as in the row path
            if field.attname not in written and not field.primary_key:
                written.append(field.attname)
                selected.append("%s")
                params.append(field.get_db_prep_save(field.get_default(), self.connection))
        cursor.execute(
            f"INSERT INTO {Value._meta.db_table} ({', '.join(written)}) "
            f"SELECT {', '.join(selected)} FROM {self.plan_table} AS p {joins} WHERE p.outcome = {NEW} "
            f"ORDER BY {order}",
            params,
        )
