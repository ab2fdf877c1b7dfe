"""Writing many rows fast, with their history rows, without a model instance per row.

The ORM's `bulk_create` and `bulk_update` spend most of their time preparing each field of each
object (about 3,000 values/s with history rows). Here each column is prepared once per distinct
value and rows go to the database in batches — `COPY` on PostgreSQL, one prepared
`executemany` on SQLite and elsewhere — and the history table receives a copy of each batch in
one `INSERT … SELECT` ("+" or "~", now, the user), so that history rows equal the rows written.

Rows must have been validated before: this writes, it does not check.
"""

from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.utils import timezone

from essaim.core.first_change import created_fields, original_rows
from essaim.imports.writing import batches, has_history

BATCH = 5000
IDS_PER_STATEMENT = 500  # under SQLite's 999 parameters
# Values of these field types go to the database driver as they are (str, int, bool, None).
PASSED_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def column_getter(field, position, connection):
    """How to read one column of a row tuple, ready for the driver."""
    get = itemgetter(position)
    if field.get_internal_type() in PASSED_AS_IS:
        return get
    prepared = {}

    def prepare(row):
        value = get(row)
        try:
            return prepared[value]
        except KeyError:
            prepared[value] = result = field.get_db_prep_save(value, connection)
            return result

    return prepare


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
        """PostgreSQL: COPY rows (lists of prepared values) into `table`."""
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
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


class HistoryCopy:
    """Copies rows of a model's table into its django-simple-history table, in SQL.

    `as_entered` (models whose history begins at the first change, `core.first_change`): each row
    is copied dated and signed as it was entered, and only if it has no history row yet."""

    def __init__(self, model, user, connection, history_type, *, as_entered=False):
        history_model = model.history.model
        quote = connection.ops.quote_name
        self.model, self.connection = model, connection
        self.table = table = quote(model._meta.db_table)
        self.pk = f"{table}.{quote(model._meta.pk.column)}"
        self.source_columns = {f.attname: f.column for f in model._meta.concrete_fields}
        now = history_model._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
        constants = {"history_date": now, "history_change_reason": None, "history_type": history_type}
        constants["history_user_id"] = user.pk if user else None
        copied = dict(self.source_columns)  # history field → column of the model's table
        if as_entered:
            date, user_id = created_fields(model)
            del constants["history_date"], constants["history_user_id"]
            copied.update(history_date=copied[date], history_user_id=copied[user_id])
        targets, self.selected, self.params = [], [], []
        for field in history_model._meta.concrete_fields:
            if field.attname == "history_id":
                continue
            targets.append(quote(field.column))
            if field.attname in copied:
                self.selected.append(quote(copied[field.attname]))
            elif field.attname in constants:
                self.selected.append(None)
                self.params.append(constants[field.attname])
            else:
                raise ImproperlyConfigured(f"Historique de {model.__name__} : champ {field.attname} inattendu.")
        history_table = quote(history_model._meta.db_table)
        self.into = f"INSERT INTO {history_table} ({', '.join(targets)}) "
        self.head = self.statement(table) + " WHERE "
        if as_entered:
            pk = quote(model._meta.pk.column)
            self.head += f"NOT EXISTS (SELECT 1 FROM {history_table} AS h WHERE h.{pk} = {self.pk}) AND "

    def statement(self, source):
        """`INSERT INTO history (…) SELECT … FROM source`: a history row for each row of `source`
        (the model's table, or any relation with its columns, such as `RETURNING *` of a CTE);
        run it with `self.params`."""
        selected = [f"{source}.{column}" if column else "%s" for column in self.selected]
        return f"{self.into}SELECT {', '.join(selected)} FROM {source}"

    def ids(self, cursor, ids):
        if self.connection.vendor == "postgresql":
            cursor.execute(self.head + f"{self.pk} = ANY(%s)", [*self.params, list(ids)])
            return
        for chunk in batches(list(ids), IDS_PER_STATEMENT):
            cursor.execute(self.head + f"{self.pk} IN ({', '.join(['%s'] * len(chunk))})", [*self.params, *chunk])

    def last_inserted(self, cursor, count):
        """SQLite: one writer at a time and AUTOINCREMENT keys, so the batch just inserted holds
        the last `count` ids; return False if the table says otherwise."""
        top = f"(SELECT MAX({self.pk}) FROM {self.table}) - %s"
        cursor.execute(f"SELECT MAX({self.pk}), COUNT(*) FROM {self.table} WHERE {self.pk} > {top}", [count])
        last, found = cursor.fetchone()
        if found != count:
            return False
        cursor.execute(self.head + f"{self.pk} > %s", [*self.params, last - count])
        return True

    def natural_keys(self, cursor, batch, fields, natural_key):
        """Any database: each row found by its natural key (a NULL part needs "IS NULL")."""
        quote = self.connection.ops.quote_name
        keys = [(name, fields.index(name)) for name in natural_key]
        grouped = {}
        for row in batch:
            grouped.setdefault(tuple(row[i] is None for _, i in keys), []).append(row)
        for nulls, group in grouped.items():
            conditions = [
                f"{self.table}.{quote(self.source_columns[name])} " + ("IS NULL" if null else "= %s")
                for (name, _), null in zip(keys, nulls, strict=True)
            ]
            getters = [
                column_getter(self.model._meta.get_field(name), i, self.connection)
                for (name, i), null in zip(keys, nulls, strict=True)
                if not null
            ]
            cursor.executemany(
                self.head + " AND ".join(conditions), [self.params + [get(row) for get in getters] for row in group]
            )


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
