"""The staged strategy: a file checked and written in SQL, for files of a million rows (PostgreSQL).

Row by row (`rows.read_rows`, then `FileImport.check`), Python spends tens of microseconds on
each row and keeps every row it will write. Staged, Python only reads the file and reads each
*distinct* cell once, with the very same cell rules (`rows.read_cell`: trimming, the export
quote, size, parser, hence the same messages); each row goes to a temporary table by COPY as
one integer per cell, the cell's token. Whatever concerns whole rows is then set-based SQL:
duplicate natural keys here, and in the `StagedImport` the rules across columns, the plan (a
join with what is saved) and the write (INSERT … SELECT, UPDATE … FROM, with history rows).

Errors are those of the row path, word for word and in the same order: by row; in a row, a
cell beyond the header, then the cells in the spec's order, then the duplicate key, then the
importer's rules (which, as in the row path, only look at rows free of earlier errors).
"""

import gc
import itertools
from contextlib import contextmanager
from operator import itemgetter

from django.db import connections, router, transaction

from essaim.imports.errors import RowError, TableError
from essaim.imports.readers import Records, make_record, slices
from essaim.imports.rows import check_header, duplicate_message, key_part, read_cell, stray_message
from essaim.imports.run import FileImport

NAMES = itertools.count(1)
LINES_PER_WRITE = 10_000
# Sorting a million keys, hashing a million rows: in memory rather than in temporary files.
WORK_MEM = "256MB"
CELL_ERRORS, KEY_ERRORS, RULE_ERRORS = 0, 1, 2


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off inside the block. Staging holds a batch of rows
    (thousands of lists, none in a cycle) and the collector, run every few hundred of them,
    would walk every object still alive each time: it more than doubled the time of staging a
    million rows. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def supported(connection):
    return connection.vendor == "postgresql"


@contextmanager
def local_settings(cursor, **settings):
    """PostgreSQL settings for the statements inside the block, then back to what they were (an
    error rolls the transaction back, and the settings with it)."""
    names = list(settings)
    cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
    previous = cursor.fetchone()
    configure(cursor, names, [settings[name] for name in names])
    yield
    configure(cursor, names, previous)


def configure(cursor, names, values):
    pairs = [item for pair in zip(names, values, strict=True) for item in pair]
    cursor.execute(f"SELECT {', '.join(['set_config(%s, %s, true)'] * len(names))}", pairs)


def tuned(cursor):
    """For staged statements: sorts and hashes of a million rows in memory, hash joins (the
    planner's estimates on temporary tables favour merge joins that sort a million rows for
    nothing), and no JIT compilation (it costs more than it saves on statements run once)."""
    return local_settings(cursor, work_mem=WORK_MEM, enable_mergejoin="off", jit="off")


class StagedColumn:
    """One column the file has: each distinct raw cell is read once and gets a token (its
    position in `raws` and `values`). In the staging table, the column's token is `c<n>`
    (n: its position in the spec); a column of the natural key also has `k<n>`, the identity of
    what the cell reads to (« 2018-12-31 » and « 31/12/2018 » are one date), -1 when refused."""

    def __init__(self, column, position, in_key):
        self.name = column.name
        self.sql = f"c{position}"
        self.key_sql = f"k{position}" if in_key else None
        self.reader = (column.parse, column.blank, column.default, column.max_length)
        self.token_of = {}  # raw cell → its token
        self.good = {}  # raw cell read without error → its COPY text
        self.bad = {}  # raw cell refused → (its COPY text, message)
        self.raws, self.values, self.messages = [], [], []
        self.identity = []  # of each token: the identity of what a key cell reads to, -1 if refused
        self.identities = {}  # what a key cell reads to → its identity
        self.identity_of_text = {}  # the COPY text of a key cell read without error → its identity

    def token(self, raw):
        """The token of a raw cell, read the first time it is seen."""
        token = self.token_of.get(raw)
        if token is None:
            value, message = read_cell(raw, *self.reader)
            token = self.token_of[raw] = len(self.raws)
            self.raws.append(raw)
            self.values.append(value)
            self.messages.append(message)
            identity = -1
            if self.key_sql and message is None:
                identity = self.identities.setdefault(key_part(value), len(self.identities))
            self.identity.append(identity)
        return token

    def entry(self, raw):
        """(COPY text, message or None) of a raw cell, read the first time it is seen."""
        if raw in self.good:
            return self.good[raw], None
        if raw in self.bad:
            return self.bad[raw]
        token = self.token(raw)
        text, message = str(token), self.messages[token]
        if self.key_sql:
            text += f"\t{self.identity[token]}"
        if message is None:
            self.good[raw] = text
            if self.key_sql:
                self.identity_of_text[text] = self.identity[token]
        else:
            self.bad[raw] = text, message
        return text, message

    def texts(self, cells):
        """The COPY text of each of a batch's `cells`, None for a cell not read yet. A column
        holding one cell all the way down the batch (a source, an empty comment) is one lookup."""
        first = cells[0]
        if cells[-1] == first and cells[len(cells) // 2] == first and cells.count(first) == len(cells):
            return [self.good.get(first)] * len(cells)
        return list(map(self.good.get, cells))

    def tokens(self):
        """(token, value) of each distinct cell that was read without error."""
        pairs = zip(self.values, self.messages, strict=True)
        return [(token, value) for token, (value, message) in enumerate(pairs) if message is None]


class KeyHashes:
    """The hash of each staged row's natural key, a batch at a time: the key cells' identities
    (-1 for a refused cell) folded into one 64-bit integer per row by numpy. `repeated()` says
    whether a hash came twice, which a duplicate key makes true (and, rarely, two keys sharing a
    hash). A file without its key columns has the same key, the defaults, on every row."""

    FACTOR = 1_000_003

    def __init__(self, columns):
        import numpy  # only when a file is staged: every command and page would load it otherwise

        self.np = numpy
        self.columns = columns
        self.chunks, self.rows = [], 0

    def add(self, texts, count):
        """Hash the keys of a batch of `count` rows: `texts`, the key columns' COPY texts (the
        same few strings over and over, whose hashes Python keeps)."""
        np = self.np
        self.add_identities(
            [
                np.fromiter(map(column.identity_of_text.get, cells, itertools.repeat(-1)), np.int64, count)
                for column, cells in zip(self.columns, texts, strict=True)
            ],
            count,
        )

    def add_identities(self, identities, count):
        """Hash the keys of `count` rows from the identities of their key cells (an array per
        key column)."""
        self.rows += count
        if not self.columns:
            return
        hashed = self.np.zeros(count, dtype=self.np.int64)
        for column_identities in identities:
            hashed = self.fold(hashed, column_identities.astype(self.np.int64))
        self.chunks.append(hashed)

    @staticmethod
    def fold(hashed, identities):
        """The hashes of the key so far, folded with the next column's identities (int64 arrays;
        past 2**63 the product wraps around, and is still a hash)."""
        return hashed * KeyHashes.FACTOR + identities

    def repeated(self):
        if not self.columns:
            return self.rows > 1
        np = self.np
        hashed = np.sort(np.concatenate(self.chunks)) if self.chunks else np.zeros(0, dtype=np.int64)
        return bool((hashed[1:] == hashed[:-1]).any())  # sorted: a hash seen twice sits beside itself


class Stage:
    """A file's rows in a temporary table: `row` (its number), `ok` (no error so far), and the
    tokens of the columns the file has (see `StagedColumn`)."""

    def __init__(self, table, spec, connection):
        self.table, self.spec, self.connection = table, spec, connection
        self.name = f"essaim_stage_{next(NAMES)}"
        self.tables = [self.name]
        self.columns = {}  # name → StagedColumn, the file's columns in the spec's order
        self.found = []  # (row, kind of error, RowError), sorted when reported
        self.repeated = False  # whether a natural key may be seen twice (see `copy_rows`)
        self.sizes = {}  # table made by `table_as` → how many rows it holds
        self.broken = []  # a file that breaks halfway: its error comes after every row's

    def load(self, errors):
        """Check the header, stage every row, find duplicate keys; False (and nothing staged)
        when the header is refused."""
        present = check_header(self.table, self.spec, errors)
        if present is None:
            return False
        key = set(self.spec.key)  # a key column the file leaves out is the same default on every row
        positions = {c.name: n for n, c in enumerate(self.spec.columns)}
        for column in present:
            self.columns[column.name] = StagedColumn(column, positions[column.name], column.name in key)
        sql = ["row integer NOT NULL", "ok boolean NOT NULL"]
        for column in self.columns.values():
            sql.append(f"{column.sql} integer")
            if column.key_sql:
                sql.append(f"{column.key_sql} integer")
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({', '.join(sql)})")
            self.copy_rows(cursor)
            cursor.execute(f"ANALYZE {self.name}")
            if self.spec.key and self.repeated:
                self.find_duplicates(cursor)
        return True

    def copy_rows(self, cursor):
        """COPY each row as its tokens, LINES_PER_WRITE rows at a time, column by column: most
        rows only repeat cells already read, and their tokens are found by a lookup per column
        over the whole batch; a row with a new cell, a refused one or cells beyond the header
        takes `read_row`.

        On the way, each row's natural key (the identities of its key cells) is hashed
        (`KeyHashes`): when no hash comes twice, no key does, and the exact search of duplicates
        in SQL (`find_duplicates`) is not needed; a hash seen twice (a duplicate, or two keys
        sharing a hash) sets `repeated`, and SQL finds the duplicates, if any."""
        columns = list(self.columns.values())
        keyed = [position for position, column in enumerate(columns) if column.key_sql]
        hashes = KeyHashes([columns[position] for position in keyed])
        targets = ["row", "ok"]
        for column in columns:
            targets.extend(filter(None, (column.sql, column.key_sql)))
        records = self.table.records
        if isinstance(records, Records) and "" not in records.columns:
            by_column = records.column_wise()
            if by_column is not None:
                self.copy_columns(cursor, targets, by_column, hashes)
                self.repeated = hashes.repeated()
                return
        with cursor.cursor.copy(f"COPY {self.name} ({', '.join(targets)}) FROM STDIN") as copy, collector_paused():
            try:
                for numbers, raws, strays in self.batches([column.name for column in columns]):
                    texts = [column.texts(cells) for column, cells in zip(columns, raws, strict=True)]
                    oks = self.read_new_cells(numbers, raws, strays, texts)
                    copy.write("\n".join(map("\t".join, zip(map(str, numbers), oks, *texts, strict=True))) + "\n")
                    hashes.add([texts[position] for position in keyed], len(numbers))
            except TableError as error:
                self.broken.extend(error.errors)
        self.repeated = hashes.repeated()

    def copy_columns(self, cursor, targets, by_column, hashes):
        """`copy_rows` of a file read column by column (`readers.Columns`): each column's
        distinct cells are read once, the tokens of its rows are one numpy lookup, and the rows
        go to COPY in its binary format, built by numpy a column at a time."""
        import numpy as np

        header = self.table.records.columns
        numbers = by_column.row_numbers().astype(np.int32, copy=False)
        refused = np.zeros(by_column.count, dtype=bool)
        cells, identities, raws = [], [], []  # cells: each column's tokens, then its identities if in the key
        for column in self.columns.values():
            distinct, indices = by_column.cells[header.index(column.name)]
            tokens = [column.token(raw) for raw in distinct]
            cells.append(np.array(tokens, dtype=np.int32)[indices])
            refused |= np.array([column.messages[token] is not None for token in tokens])[indices]
            if column.key_sql:
                identities.append(np.array([column.identity[token] for token in tokens], dtype=np.int32)[indices])
                cells.append(identities[-1])
            raws.append((distinct, indices))
        for index in np.flatnonzero(refused).tolist():
            row_raws = [distinct[indices[index]] for distinct, indices in raws]
            self.read_row(int(numbers[index]), None, row_raws, [None] * len(row_raws))
        fields = [numbers, ~refused, *cells]
        hashes.add_identities(identities, by_column.count)
        with cursor.cursor.copy(f"COPY {self.name} ({', '.join(targets)}) FROM STDIN (FORMAT BINARY)") as copy:
            for chunk in binary_rows(fields, LINES_PER_WRITE * 10):
                copy.write(chunk)

    def read_new_cells(self, numbers, raws, strays, texts):
        """Read each new cell of a batch once, then the rows holding a refused cell or text
        beyond the header (`read_row`: their errors), filling in `texts`; returns the COPY text
        of each row's `ok`."""
        oks = ["t"] * len(numbers)
        pending = set(strays)
        for column, cells, column_texts in zip(self.columns.values(), raws, texts, strict=True):
            if None not in column_texts:
                continue
            new = [index for index, text in enumerate(column_texts) if text is None]
            for raw in dict.fromkeys(cells[index] for index in new):
                column.entry(raw)
            for index in new:
                column_texts[index] = column.good.get(cells[index])
                if column_texts[index] is None:
                    pending.add(index)
        for index in sorted(pending):
            row_texts = [cells[index] for cells in texts]
            row_raws = [cells[index] for cells in raws]
            oks[index] = self.read_row(numbers[index], strays.get(index), row_raws, row_texts)
            for cells, text in zip(texts, row_texts, strict=True):
                cells[index] = text
        return oks

    def batches(self, names):
        """The rows, LINES_PER_WRITE at a time, as (row numbers, for each column of `names` the
        raw cells of the batch's rows, {index in the batch: text beyond the header}). A reader's
        `Records` give their rows as lists, turned into columns in one step; a row shorter or
        longer than the header goes through `make_record`. A file that breaks halfway gives the
        rows before the break, then its error."""
        records = self.table.records
        if not isinstance(records, Records) or "" in records.columns:
            yield from self.record_batches(records, names)
            return
        header, width = records.columns, len(records.columns)
        positions = [header.index(name) for name in names]
        for numbers, cells in records.batches(LINES_PER_WRITE):
            strays = {}
            if set(map(len, cells)) != {width}:
                for index, row in enumerate(cells):
                    if len(row) != width:
                        record = make_record(header, width, row)
                        cells[index] = [record.get(name) for name in header]
                        if record.get("") is not None:
                            strays[index] = record[""]
            by_column = list(zip(*cells, strict=True))
            yield numbers, [by_column[p] for p in positions], strays

    @staticmethod
    def record_batches(records, names):
        """`batches` of a reader whose records are dicts {column: text}."""
        pick = itemgetter(*names) if len(names) > 1 else lambda cells: (cells[names[0]],)
        for batch in slices(records, LINES_PER_WRITE):
            numbers, raws, strays = [], [], {}
            for number, cells in batch:
                try:
                    picked = pick(cells)
                except KeyError:  # a row shorter than the header
                    picked = [cells.get(name) for name in names]
                if cells.get("") is not None:
                    strays[len(numbers)] = cells[""]
                numbers.append(number)
                raws.append(picked)
            yield numbers, list(zip(*raws, strict=True)), strays

    def read_row(self, number, stray, raws, texts):
        """Fill in the tokens of a row's new cells; record its errors, in the row path's order.
        Returns the COPY text of `ok`."""
        file, ok = self.spec.name, "t"
        if stray and stray.strip():
            self.found.append((number, CELL_ERRORS, RowError(file, number, None, stray_message(stray))))
            ok = "f"
        for position, column in enumerate(self.columns.values()):
            if texts[position] is None:
                texts[position], message = column.entry(raws[position])
                if message is not None:
                    self.found.append((number, CELL_ERRORS, RowError(file, number, column.name, message)))
                    ok = "f"
        return ok

    def find_duplicates(self, cursor):
        """A natural key seen twice is an error on each later row, naming the first."""
        key = [self.columns[name] for name in self.spec.key if name in self.columns]
        identities = [c.key_sql for c in key]
        parsed = " AND ".join(f"s.{name} >= 0" for name in identities) or "true"
        # The keys seen more than once, found by hashing (a window over a million rows sorts
        # them all), then their rows but the first.
        cursor.execute(
            f"SELECT {', '.join(['s.row', *(f's.{c.sql}' for c in key)])}, d.first FROM ("
            f"  SELECT {''.join(f'{name}, ' for name in identities)}min(row) AS first FROM {self.name} AS s"
            f"  WHERE {parsed} GROUP BY {', '.join(identities) or '()'} HAVING count(*) > 1"
            f") AS d JOIN {self.name} AS s ON {' AND '.join(f's.{n} = d.{n}' for n in identities) or 'true'} "
            f"WHERE s.row <> d.first"
        )
        rows = []
        for number, *cells, first in cursor.fetchall():
            raws = {c.name: c.raws[token] for c, token in zip(key, cells, strict=True)}
            message = duplicate_message(raws, self.spec.key, first)
            self.found.append((number, KEY_ERRORS, RowError(self.spec.name, number, self.spec.key_label, message)))
            rows.append(number)
        self.refuse(cursor, rows)

    def refuse(self, cursor, rows):
        """Mark rows as not to be written (they have an error)."""
        if rows:
            cursor.execute(f"UPDATE {self.name} SET ok = false WHERE row = ANY(%s)", [rows])

    def add(self, row, column, message):
        """An error of the importer's rules on a staged row."""
        self.found.append((row, RULE_ERRORS, RowError(self.spec.name, row, column, message)))

    def report(self, errors):
        self.found.sort(key=lambda found: found[:2])
        errors.extend(error for _, _, error in self.found)
        errors.extend(self.broken)

    def dimension(self, cursor, name, columns, convert):
        """A temporary table `<stage>_<name>` with, for each token of column `name` read
        without error, `token` and the SQL `columns` ([(name, type)]) that `convert(value)`
        gives. Made anew when called again (the ids of records an earlier file has saved since).
        Returns its name."""
        table = self.new_table(cursor, name)
        definition = ", ".join(f"{column} {kind}" for column, kind in columns)
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (token integer PRIMARY KEY, {definition})")
        names = ", ".join(column for column, _ in columns)
        with cursor.cursor.copy(f"COPY {table} (token, {names}) FROM STDIN") as copy:
            for token, value in self.columns[name].tokens():
                copy.write_row((token, *convert(value)))
        cursor.execute(f"ANALYZE {table}")
        return table

    def table_of(self, cursor, name, columns, rows):
        """A temporary table `<stage>_<name>` holding `rows`; returns its name."""
        table = self.new_table(cursor, name)
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({', '.join(f'{c} {kind}' for c, kind in columns)})")
        with cursor.cursor.copy(f"COPY {table} ({', '.join(c for c, _ in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {table}")
        return table

    def table_as(self, cursor, name, query, params=(), analyze=True):
        """A temporary table `<stage>_<name>` holding what `query` selects; returns its name.
        `analyze=False` leaves its statistics to the caller (who changes it first)."""
        table = self.new_table(cursor, name)
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {query}", params)
        self.sizes[table] = cursor.rowcount
        if analyze:
            cursor.execute(f"ANALYZE {table}")
        return table

    def new_table(self, cursor, name):
        table = f"{self.name}_{name}"
        if table not in self.tables:
            self.tables.append(table)
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        return table

    def drop(self):
        with self.connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\0" + bytes(8)  # the header of COPY's binary format: no flags, no extension


def binary_rows(fields, size):
    """COPY's binary format, `size` rows at a time, of rows whose `fields` are numpy arrays of
    one length (int32 or bool, never NULL): each row is its field count then, per field, its
    length and its value in network order, laid out by a numpy record type."""
    import numpy as np

    layout = [("count", ">i2")]
    for n, field in enumerate(fields):
        layout += [(f"length{n}", ">i4"), (f"value{n}", "?" if field.dtype == bool else ">i4")]
    total = len(fields[0]) if fields else 0
    yield BINARY_SIGNATURE
    for start in range(0, total, size):
        rows = np.empty(min(size, total - start), dtype=np.dtype(layout))
        rows["count"] = len(fields)
        for n, field in enumerate(fields):
            rows[f"length{n}"] = 1 if field.dtype == bool else 4
            rows[f"value{n}"] = field[start : start + size]
        yield rows.tobytes()
    yield b"\xff\xff"


def check_foreign_keys(cursor):
    """Run the foreign key checks of the rows written so far now rather than at commit, each
    as a probe of the referenced primary key.

    A constraint checks each row written (a million rows, a million checks per key; the values'
    own references are checked per statement instead: docs/references.md). PostgreSQL plans the
    check of a small table as a sequential scan, which compares every row of it each time; an
    index probe costs about half. The checks are those PostgreSQL always runs (no trigger is
    skipped, no superuser needed); only their plan changes, for these statements."""
    with local_settings(cursor, enable_seqscan="off"):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class StagedImport(FileImport):
    """A FileImport checked and written in SQL where the database allows it (PostgreSQL), and
    row by row elsewhere. Subclasses set `model` (the table written, for the database to use),
    implement `check_staged(stage, cursor, errors, plan)` and `write_staged(stage, cursor,
    errors)` next to the row path's `check` and `write`, and must give the same errors, plan and
    records as that path (their tests run both)."""

    model = None
    staged = True  # False: row by row everywhere
    stage = None

    @property
    def connection(self):
        return connections[router.db_for_write(self.model)]

    def check_file(self, errors, plan):
        connection = self.connection
        if not (self.staged and supported(connection)):
            super().check_file(errors, plan)
            return
        self.stage = Stage(self.table, self.spec, connection)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor, tuned(cursor):
            if self.stage.load(errors):
                self.check_staged(self.stage, cursor, errors, plan)
        self.stage.report(errors)

    def write(self, errors):
        if self.stage is None:
            super().write(errors)
            return
        with self.connection.cursor() as cursor, tuned(cursor):
            self.write_staged(self.stage, cursor, errors)

    def close(self):
        if self.stage is not None:
            self.stage.drop()
            self.stage = None
        super().close()

    def check_staged(self, stage, cursor, errors, plan):
        raise NotImplementedError

    def write_staged(self, stage, cursor, errors):
        raise NotImplementedError
