"""Rows in SQL without a model instance per row: how one column of a row tuple is prepared for
the database driver, and history rows copied from a model's table in one `INSERT … SELECT`
(`HistoryCopy`), for the fast writes (`imports.fast_write`) and the history that begins at the
first change (`core.first_change`)."""

from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

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


class HistoryCopy:
    """Copies rows of a model's table into its django-simple-history table, in SQL.

    `as_entered` (models whose history begins at the first change, `core.first_change`): the
    (date, user) attribute names saying when and by whom a row was entered; each row is then
    copied dated and signed as it was entered, and only if it has no history row yet."""

    def __init__(self, model, user, connection, history_type, *, as_entered=None):
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
            date, user_id = as_entered
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
        ids = list(ids)
        for chunk in (ids[i : i + IDS_PER_STATEMENT] for i in range(0, len(ids), IDS_PER_STATEMENT)):
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
