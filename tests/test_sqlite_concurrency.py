"""The embedded database under a few users at once (config/settings/base.py, SQLITE_OPTIONS): 20
simultaneous transactions that read then write, each on its own connection to one SQLite file,
all succeed — none answers "database is locked"."""

import threading

import pytest
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import SQLITE_OPTIONS

WRITERS = 20


def connect(path, options):
    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": options,
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        }
    )


def save_at_once(path, options):
    """Each writer reads the count then inserts a row, in one transaction, all released together.
    Returns (rows written, errors)."""
    setup = connect(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, seen INTEGER)")
    setup.close()
    start, errors = threading.Barrier(WRITERS), []

    def writer():
        connection = connect(path, options)
        try:
            start.wait()
            with connection.cursor() as cursor:
                cursor.execute(f"BEGIN {connection.transaction_mode or ''}")  # as atomic() begins
                cursor.execute("SELECT COUNT(*) FROM saves")
                seen = cursor.fetchone()[0]
                cursor.execute("INSERT INTO saves (seen) VALUES (%s)", [seen])
                cursor.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - the test counts every failure
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = connect(path, options)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM saves")
        written = cursor.fetchone()[0]
    check.close()
    return written, errors


@pytest.fixture
def unblocked(django_db_blocker):
    with django_db_blocker.unblock():  # connections of the test's own, to files of its own
        yield


def test_twenty_simultaneous_saves_on_the_embedded_database_all_succeed(tmp_path, unblocked):
    written, errors = save_at_once(tmp_path / "essaim.sqlite3", SQLITE_OPTIONS)
    assert errors == [] and written == WRITERS


def test_a_transaction_that_begins_deferred_reads_then_writes_is_refused(tmp_path, unblocked):
    """Why the write lock is taken at the start: two such transactions, interleaved, and the second
    cannot write (its snapshot is stale), whatever the timeout."""
    options = {"init_command": "PRAGMA journal_mode=WAL", "timeout": 20}
    first, second = connect(tmp_path / "essaim.sqlite3", options), connect(tmp_path / "essaim.sqlite3", options)
    with first.cursor() as a, second.cursor() as b:
        a.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY)")
        a.execute("BEGIN")
        b.execute("BEGIN")
        a.execute("SELECT COUNT(*) FROM saves")
        b.execute("SELECT COUNT(*) FROM saves")
        a.execute("INSERT INTO saves DEFAULT VALUES")
        a.execute("COMMIT")
        with pytest.raises(OperationalError, match="locked"):
            b.execute("INSERT INTO saves DEFAULT VALUES")
    first.close()
    second.close()


def test_the_file_is_in_write_ahead_logging(tmp_path, unblocked):
    connection = connect(tmp_path / "essaim.sqlite3", SQLITE_OPTIONS)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connection.close()
