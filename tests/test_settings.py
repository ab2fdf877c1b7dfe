"""Production settings refuse unsafe configurations; DATABASE_URL is parsed strictly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def import_settings(module, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )


def test_prod_refuses_debug():
    result = import_settings("config.settings.prod", DEBUG="1", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_prod_refuses_the_default_secret_key():
    result = import_settings("config.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_prod_starts_when_configured():
    result = import_settings("config.settings.prod", SECRET_KEY="k" * 50, PSEUDONYM_KEY="p" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "url, engine",
    [
        ("", "django.db.backends.sqlite3"),
        ("sqlite:////tmp/essaim-test.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/essaim", "django.db.backends.postgresql"),
    ],
)
def test_database_url(url, engine):
    result = import_settings("config.settings.dev", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine


def test_database_url_of_another_kind_is_refused():
    result = import_settings("config.settings.dev", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert "sqlite:// or postgres://" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = import_settings("config.settings.dev", DEBUG="peut-être")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
