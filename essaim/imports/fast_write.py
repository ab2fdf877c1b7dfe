"""Writing many rows fast, with their history rows, without a model instance per row.

The ORM's `bulk_create` and `bulk_update` spend most of their time preparing each field of each
object (about 3,000 values/s with history rows). Here each column is prepared once per distinct
value and rows go to the database in batches — `COPY` on PostgreSQL, one prepared
`executemany` on SQLite and elsewhere — and the history table receives a copy of each batch in
one `INSERT … SELECT` ("+" or "~", now, the user), so that history rows equal the rows written.

Rows must have been validated before: this writes, it does not check.
"""

from django.db import connections, router

from essaim.core.first_change import created_fields, original_rows
from essaim.core.sql_rows import HistoryCopy, column_getter
from essaim.imports.writing import batches, has_history

BATCH = 5000


def constant(value):
    return lambda row: value


class Table:
    """A model's table, and how rows of `fields` (attribute names) reach it; with `defaults`,
    the other fields (but the primary key) take their default."""

    def __init__(self, model, fields, connection, *, defaults):
        self.model, self.connection = model, connection
        self.quote = quote = connection.ops.quote_name
        self.name = quote(model._meta.db_table)
        self.pk = model._meta.pk
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        # The columns of `fields`, in that order, then the others at their default.
        self.columns = [quote(by_attname[name].column) for name in fields]
        self.getters = [column_getter(by_attname[name], i, connection) for i, name in enumerate(fields)]
        if defaults:
            for field in model._meta.concrete_fields:
                if field.attname not in fields and not field.primary_key:
                    self.columns.append(quote(field.column))
                    self.getters.append(constant(field.get_db_prep_save(field.get_default(), connection)))

    def values(self, row):
        return [get(row) for get in self.getters]

    def insert_many(self, cursor, batch):
        placeholders = ", ".join(["%s"] * len(self.columns))
        cursor.executemany(
            f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({placeholders})",
            [self.values(row) for row in batch],
        )

    def copy(self, cursor, table, columns, rows):
        """PostgreSQL: COPY rows (lists of prepared values) into `table`. psycopg's cursor raises
        its own errors: they become Django's, as for any query (a key saved meanwhile by another
        request is an IntegrityError, which `run.run_import` reports, not a server error)."""
        with (
            cursor.db.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def insert_copy(self, cursor, batch):
        """PostgreSQL: take ids from the table's sequence, COPY the batch with them; return the ids."""
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [self.model._meta.db_table, self.pk.column, len(batch)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        columns = [self.quote(self.pk.column), *self.columns]
        self.copy(cursor, self.name, columns, ([pk, *self.values(row)] for pk, row in zip(ids, batch, strict=True)))
        return ids

    def update_many(self, cursor, batch):
        """Rows start with the primary key: one UPDATE by primary key, run for each row."""
        assignments = ", ".join(f"{c} = %s" for c in self.columns[1:])
        cursor.executemany(
            f"UPDATE {self.name} SET {assignments} WHERE {self.quote(self.pk.column)} = %s",
            [[*values[1:], values[0]] for values in map(self.values, batch)],
        )

    def update_copy(self, cursor, batch):
        """PostgreSQL: COPY the new values into a temporary table, then one UPDATE … FROM it."""
        pk = self.quote(self.pk.column)
        cursor.execute(
            f"CREATE TEMPORARY TABLE essaim_update ON COMMIT DROP AS "
            f"SELECT {', '.join(self.columns)} FROM {self.name} WITH NO DATA"
        )
        self.copy(cursor, "essaim_update", self.columns, map(self.values, batch))
        assignments = ", ".join(f"{c} = essaim_update.{c}" for c in self.columns[1:])
        cursor.execute(
            f"UPDATE {self.name} SET {assignments} FROM essaim_update WHERE {self.name}.{pk} = essaim_update.{pk}"
        )
        cursor.execute("DROP TABLE essaim_update")


def insert_rows(model, fields, rows, *, natural_key, user=None):
    """Insert `rows` (an iterable of tuples of values for `fields`, attribute names such as `innovation_id`);
    the model's other fields take their default. When the model keeps history, each row gets
    its "+" history row (none when its history begins at the first change, `core.first_change`);
    `natural_key` (a subset of `fields`) finds rows again where the database cannot say which ids
    it gave. Return the number of rows written."""
    connection = connections[router.db_for_write(model)]
    table = Table(model, fields, connection, defaults=True)
    keeps = has_history(model) and not created_fields(model)
    history = HistoryCopy(model, user, connection, "+") if keeps else None
    count = 0
    with connection.cursor() as cursor:
        for batch in batches(rows, BATCH):
            count += len(batch)
            if connection.vendor == "postgresql":
                ids = table.insert_copy(cursor, batch)
                if history:
                    history.ids(cursor, ids)
                continue
            table.insert_many(cursor, batch)
            if history and not (connection.vendor == "sqlite" and history.last_inserted(cursor, len(batch))):
                history.natural_keys(cursor, batch, fields, natural_key)
    return count


def update_rows(model, fields, rows, *, user=None):
    """Set `fields` on existing rows: `rows` are tuples (pk, *values for fields). When the model
    keeps history, each row gets its "~" history row (after a "+" copy of the row as it was, when
    its history begins at the first change and it has none yet). Return the number of rows written."""
    connection = connections[router.db_for_write(model)]
    table = Table(model, (model._meta.pk.attname, *fields), connection, defaults=False)
    history = HistoryCopy(model, user, connection, "~") if has_history(model) else None
    originals = original_rows(model, connection) if created_fields(model) else None
    count = 0
    with connection.cursor() as cursor:
        for batch in batches(rows, BATCH):
            count += len(batch)
            if originals:
                originals.ids(cursor, [row[0] for row in batch])
            if connection.vendor == "postgresql":
                table.update_copy(cursor, batch)
            else:
                table.update_many(cursor, batch)
            if history:
                history.ids(cursor, [row[0] for row in batch])
    return count


def insert_objects(model, objects, fields):
    """Save new instances of `model` (a model without history) whose `fields` (attribute names)
    are set, the others taking their default, and give each its primary key: on PostgreSQL by
    COPY with ids taken from the table's sequence (`bulk_create` prepares each field of each
    object: a third of a second for a few thousand rows), elsewhere by `bulk_create`."""
    assert not has_history(model), "insert_objects writes no history row"
    objects = list(objects)
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._base_manager.using(connection.alias).bulk_create(objects)
        return
    table = Table(model, fields, connection, defaults=True)
    with connection.cursor() as cursor:
        for batch in batches(objects, BATCH):
            ids = table.insert_copy(cursor, [[getattr(o, name) for name in fields] for o in batch])
            for instance, pk in zip(batch, ids, strict=True):
                instance.pk = pk
                instance._state.adding, instance._state.db = False, connection.alias
