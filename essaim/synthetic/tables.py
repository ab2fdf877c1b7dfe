"""Writing many rows fast: COPY on PostgreSQL, batched INSERTs elsewhere."""

from django.db import connection

BATCH = 5000


def write_rows(table, columns, rows):
    """Write an iterable of tuples into `table` (no model logic, no history: for generated data)."""
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
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True
