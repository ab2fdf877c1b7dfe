"""Writing many rows fast: COPY on PostgreSQL, batched INSERTs elsewhere; deleting them fast."""

from contextlib import contextmanager

from django.apps import apps
from django.db import DatabaseError, connection, transaction

from essaim.programmes import scope

BATCH = 5000


def in_programme(table, columns, rows):
    """The columns and rows of a table whose records belong to a programme, with the current
    programme's id added (the models' default, which raw writes bypass)."""
    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    names = {f.name for f in model._meta.concrete_fields} if model is not None else set()
    if "programme" not in names or "programme_id" in columns:
        return columns, rows
    programme_id = scope.current_id()
    if programme_id is None:
        raise RuntimeError(f"{table} : le programme synthétique s'écrit dans un programme (scope.activate).")
    return [*columns, "programme_id"], (tuple(row) + (programme_id,) for row in rows)


def write_rows(table, columns, rows):
    """Write an iterable of tuples into `table` (no model logic, no history: for generated data),
    inside the current programme."""
    columns, rows = in_programme(table, columns, rows)
    quoted = ", ".join(f'"{column}"' for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})'
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def reset_sequences(*models):
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def copy_text(table, columns, lines):
    """PostgreSQL only: COPY ready-made tab-separated lines (\\N for NULL), in large chunks."""
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            chunk = []
            for line in lines:
                chunk.append(line)
                if len(chunk) >= 20000:
                    copy.write("".join(chunk))
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))


def skip_foreign_key_checks():
    """PostgreSQL, superuser only: generated rows are consistent by construction, so foreign key
    triggers may be skipped for this transaction; elsewhere a no-op. Returns whether it did."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def write_lines(table, columns, lines):
    """Write ready-made tab-separated lines (\\N for NULL, no escapes needed): COPY on PostgreSQL;
    elsewhere each line is split back into a row of text (for columns that text fits: numbers,
    dates, strings; not booleans)."""
    if connection.vendor == "postgresql":
        copy_text(table, columns, lines)
        return
    write_rows(
        table,
        columns,
        (tuple(None if part == "\\N" else part for part in line.rstrip("\n").split("\t")) for line in lines),
    )


def delete_all(*querysets):
    """Delete the rows of each queryset in turn, without model logic (no cascade in Python, no
    signal, no history row: generated rows have no history to keep). Write each queryset on its
    own table, its conditions as `__in` subqueries (`innovation__in=…`, not `innovation__code=…`):
    PostgreSQL then deletes straight from the index; a join makes Django delete `WHERE id IN
    (a join)`, which hashes every id (ten times slower on 10 million values)."""
    for queryset in querysets:
        queryset._raw_delete(queryset.db)


def next_id(model):
    """The id after the largest one: for rows written with their ids (then `reset_sequences`)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def vacuum(*models):
    """PostgreSQL, outside a transaction: VACUUM (ANALYZE) the tables of `models` (index-only scans
    need the visibility map, the planner the statistics); elsewhere a no-op."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def referencing_tables(*models):
    """The tables with a foreign key to the tables of `models` (PostgreSQL), and None when one of
    them has a trigger of its own on DELETE (a reference checked by a trigger, core/references.py:
    which table it guards is not known here)."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal AND (tgtype & 8) <> 0",
            [tables],
        )
        if cursor.fetchone():
            return None
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = ANY(%s::regclass[])",
            [tables],
        )
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def unchecked_deletes(*models):
    """Delete rows of `models` without the foreign key checks (PostgreSQL, superuser, in a
    transaction): the checks of 10 million deleted values take minutes. Only when every table
    referencing them is one of `models`, whose referencing rows the caller deletes first (and in
    the same block), and none of them has a DELETE trigger of its own; otherwise, and elsewhere,
    the checks stay."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    referencing = referencing_tables(*models)
    if referencing is None or not referencing <= {model._meta.db_table for model in models}:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        before = cursor.fetchone()[0]
    if not skip_foreign_key_checks():  # not a superuser: the checks stay
        yield
        return
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL session_replication_role = {before}")
