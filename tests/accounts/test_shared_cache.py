"""The default cache, which holds the login rate limits, is shared by every process: the database
(table essaim_cache, made by `migrate`), or Redis when REDIS_URL is set — parsed strictly. The
reports keep their own cache, in memory, per process."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from config.settings.env import env_redis_url
from tests.accounts.helpers import log_in
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "url",
    [
        "redis://localhost:6379/0",
        "redis://:secret@cache.internal:6380",
        "rediss://cache:6379/2",
        "unix:///run/redis.sock",
    ],
)
def test_a_redis_url_is_accepted(monkeypatch, url):
    monkeypatch.setenv("REDIS_URL", url)
    assert env_redis_url("REDIS_URL") == url


@pytest.mark.parametrize(
    "url",
    [
        "localhost:6379",
        "http://cache:6379",
        "redis://",
        "redis://:s3cret@cache:port",
        "redis://cache/db",
        "unix://host/x",
    ],
)
def test_a_malformed_redis_url_is_refused_without_echoing_a_password(monkeypatch, url):
    monkeypatch.setenv("REDIS_URL", url)
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must be a Redis URL") as refused:
        env_redis_url("REDIS_URL")
    assert "s3cret" not in str(refused.value)


def test_no_redis_url_means_the_database_cache(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env_redis_url("REDIS_URL") == ""


def test_the_settings_choose_the_backends():
    from django.conf import settings

    expected = "redis.RedisCache" if settings.REDIS_URL else "db.DatabaseCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)
    assert settings.CACHES["reports"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
def test_the_database_cache_table_exists():
    caches["default"].set("essai", 1)
    assert caches["default"].get("essai") == 1


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server absent : le cache Redis n'est pas essayé ici")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.django_db
def test_the_lockout_holds_with_redis(redis_server):
    UserFactory(email="evaluation@exemple.fr")
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server}
    from django.conf import settings

    with override_settings(CACHES={**settings.CACHES, "default": redis_cache}):
        for _ in range(20):
            log_in(Client(), "evaluation@exemple.fr", "mauvais")
        assert log_in(Client(), "evaluation@exemple.fr").status_code == 200  # refused, from a new session
        assert any(key.startswith(b":1:allauth:rl:") for key in caches["default"]._cache.get_client().keys("*"))
        caches["default"].clear()
    assert log_in(Client(), "evaluation@exemple.fr").status_code == 302


@pytest.mark.django_db
def test_migrate_makes_the_cache_table(settings):
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("le cache partagé est Redis")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE essaim_cache")
    assert "essaim_cache" not in connection.introspection.table_names()
    emit_post_migrate_signal(0, False, "default")  # what every `manage.py migrate` ends with
    assert "essaim_cache" in connection.introspection.table_names()
