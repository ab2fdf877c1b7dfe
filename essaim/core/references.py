"""Foreign keys checked once per statement rather than once per row, for a table written a
million rows at a time (docs/references.md).

A foreign key constraint runs one query per row written and per key: a million values
imported, three or four million queries, a third of the import's time. For such a table the
constraints are replaced by triggers that give the same guarantees with one set-based query
per key and statement:

- writing (INSERT, UPDATE) rows whose key names a missing row fails with
  `foreign_key_violation` (an IntegrityError in Django), as a constraint would; the referenced
  rows are locked FOR KEY SHARE first, as a constraint's check locks them, so that a concurrent
  delete either waits for the writer or is seen by it;
- deleting a referenced row that is still referred to fails the same way (PostgreSQL; Django's
  `on_delete=PROTECT` refuses it before any SQL on every database). The deleted ids are one
  array: an index leading with the column is probed with it, and a column without one (the
  structure of a value) costs one scan of the table per statement, never one per row deleted.

PostgreSQL: statement-level AFTER triggers with transition tables. SQLite (the embedded
database, written row by row): BEFORE INSERT / UPDATE row triggers; deletes are left to
Django's `on_delete`, because the test runner empties SQLite tables in any order.

The fields keep `db_constraint=False`; migrations call `install` and `remove` with the table and
its references, spelled out in the migration (change them with a new migration, never here).
"""

PREFIX = "essaim_refs"


def install(schema_editor, table, references):
    """Create the triggers checking `references` ({column: referenced table}) of `table`."""
    for statement in install_sql(schema_editor.connection.vendor, table, references):
        schema_editor.execute(statement, params=None)


def remove(schema_editor, table, references):
    for statement in remove_sql(schema_editor.connection.vendor, table, references):
        schema_editor.execute(statement, params=None)


def install_sql(vendor, table, references):
    if vendor == "postgresql":
        return postgresql_install(table, references)
    if vendor == "sqlite":
        return sqlite_install(table, references)
    raise NotImplementedError(f"Set-based reference checks are not written for {vendor}.")


def remove_sql(vendor, table, references):
    if vendor == "postgresql":
        statements = [f"DROP FUNCTION IF EXISTS {PREFIX}_{table}() CASCADE"]
        statements += [f"DROP FUNCTION IF EXISTS {PREFIX}_{table}_{column}() CASCADE" for column in references]
        return statements
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {PREFIX}_{table}_{event}" for event in ("insert", "update")]
    raise NotImplementedError(f"Set-based reference checks are not written for {vendor}.")


def violation(message, *args):
    arguments = ", ".join(args)
    return f"RAISE foreign_key_violation USING MESSAGE = format('{message}', {arguments});"


def postgresql_install(table, references):
    # One scan of the statement's rows gathers each column's distinct ids; the checks then look
    # at those few ids (a million values name 200 innovations and 10,000 structures).
    names = [f"ids_{n}" for n in range(len(references))]
    gather = ", ".join(f"array_agg(DISTINCT {column})" for column in references)
    checks = []
    for ids, (column, target) in zip(names, references.items(), strict=True):
        checks.append(
            f"PERFORM 1 FROM {target} WHERE id = ANY({ids}) FOR KEY SHARE;\n"
            f"  SELECT wanted.ref INTO missing FROM unnest({ids}) AS wanted(ref) WHERE wanted.ref IS NOT NULL\n"
            f"    AND NOT EXISTS (SELECT 1 FROM {target} AS r WHERE r.id = wanted.ref) LIMIT 1;\n"
            f"  IF FOUND THEN\n"
            f"    "
            + violation(
                f'insert or update on table "{table}" violates its reference {column}: '
                f'Key ({column})=(%s) is not present in table "{target}".',
                "missing",
            )
            + "\n  END IF;"
        )
    body = "\n  ".join(checks)
    declare = " ".join(f"{ids} bigint[];" for ids in names)
    statements = [
        f"CREATE OR REPLACE FUNCTION {PREFIX}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"DECLARE missing bigint; {declare}\nBEGIN\n"
        f"  SELECT {gather} INTO {', '.join(names)} FROM written;\n  {body}\n  RETURN NULL;\nEND $$",
    ]
    for event in ("INSERT", "UPDATE"):
        statements.append(
            f"CREATE TRIGGER {PREFIX}_{table}_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_{table}()"
        )
    for column, target in references.items():
        function = f"{PREFIX}_{table}_{column}"
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"DECLARE kept bigint;\nBEGIN\n"
            f"  SELECT v.{column} INTO kept FROM {table} AS v\n"
            f"    WHERE v.{column} = ANY(ARRAY(SELECT id FROM removed)) LIMIT 1;\n"
            f"  IF FOUND THEN\n    "
            + violation(
                f'update or delete on table "{target}" violates the reference {column} of table "{table}": '
                f'Key (id)=(%s) is still referenced from table "{table}".',
                "kept",
            )
            + "\n  END IF;\n  RETURN NULL;\nEND $$"
        )
        statements.append(
            f"CREATE TRIGGER {function} AFTER DELETE ON {target} "
            f"REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


def sqlite_install(table, references):
    missing = " OR ".join(
        f"(NEW.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} WHERE id = NEW.{column}))"
        for column, target in references.items()
    )
    return [
        f"CREATE TRIGGER {PREFIX}_{table}_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN {missing} BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END"
        for event in ("INSERT", "UPDATE")
    ]
