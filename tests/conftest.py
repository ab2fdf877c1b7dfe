"""Shared personas: one user per role around one innovation, plus an outsider structure."""

import pytest
from django.db import connection

from essaim.evaluation.staged_values import StagedValuesImport
from tests.worlds import build_personas, build_world

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(scope="session", autouse=True)
def queued_mail(django_test_environment):
    """Django's test set-up sends mail straight to memory: here it goes through the task queue, as
    in production, and the queue delivers it to memory (config.settings.test), into mail.outbox."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "essaim.core.mail.QueuedBackend"


@pytest.fixture(params=["rows", "staged"])
def values_path(request, monkeypatch):
    """A test of values.csv (or of the figures template, which is read as values.csv) run both
    ways: row by row, and staged in SQL (PostgreSQL only); they must give the same errors, plan
    and records."""
    if request.param == "rows":
        monkeypatch.setattr(StagedValuesImport, "staged", False)
    elif connection.vendor != "postgresql":
        pytest.skip("values.csv n'est importé en SQL que sur PostgreSQL")
    return request.param


@pytest.fixture(autouse=True)
def shared_cache(request):
    """The default cache (login rate limits) is shared by every process: the database table, or
    Redis. Each test starts with it empty. Tests without the database leave a database cache alone."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        cache.clear()
    elif DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture
def world(db):
    """An innovation carried by a porteur, adopted by two structures; an unrelated innovation."""
    return build_world()


@pytest.fixture
def personas(world):
    return build_personas(world)


DATA_MIGRATIONS = [
    "essaim.territories.migrations.0002_load_cog",
    "essaim.evaluation.migrations.0002_standard_indicators",
    "essaim.evaluation.migrations.0004_preloaded_rules",
    "essaim.grids.migrations.0002_standard_scales",
]


@pytest.fixture
def migration_data():
    """Tests with real transactions (live server, threads) find the database flushed by the
    previous one: put back what the data migrations load (régions, départements, standard
    indicators and rules, standard scales). Loading twice changes nothing."""
    import importlib

    from django.apps import apps

    from essaim.territories.models import Departement

    if not Departement.objects.exists():
        for name in DATA_MIGRATIONS:
            importlib.import_module(name).load(apps, None)
