"""The second factor is required by default in production only; sessions last 12 hours everywhere;
the variables are read strictly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PROD_KEYS = {"SECRET_KEY": "k" * 64, "PSEUDONYM_KEY": "p" * 48, "ALLOWED_HOSTS": "essaim.exemple.fr"}
CLEARED = ("DEBUG", "SECRET_KEY", "PSEUDONYM_KEY", "ESSAIM_MFA_REQUIRED", "REDIS_URL", "TRUSTED_PROXY_COUNT")


def read(module, *names, **env):
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.update(env)
    code = f"import {module} as s; print(*[repr(getattr(s, n)) for n in {names!r}], sep='|')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)


@pytest.mark.parametrize(
    "module, env, expected",
    [
        ("config.settings.prod", PROD_KEYS, "True"),
        ("config.settings.prod", {**PROD_KEYS, "ESSAIM_MFA_REQUIRED": "0"}, "False"),
        ("config.settings.dev", {}, "False"),
        ("config.settings.dev", {"ESSAIM_MFA_REQUIRED": "1"}, "True"),
        ("config.settings.test", {"ESSAIM_MFA_REQUIRED": "1"}, "False"),
    ],
)
def test_the_second_factor_is_required_in_production_by_default(module, env, expected):
    result = read(module, "ESSAIM_MFA_REQUIRED", "SESSION_COOKIE_AGE", "ESSAIM_IDLE_TIMEOUT", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{expected}|43200|1800"


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("ESSAIM_MFA_REQUIRED", "peut-être", "ESSAIM_MFA_REQUIRED must be a boolean"),
        ("REDIS_URL", "cache:6379", "REDIS_URL must be a Redis URL"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be at least 0"),
    ],
)
def test_malformed_values_are_refused(name, value, message):
    result = read("config.settings.dev", "DEBUG", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_redis_url_makes_redis_the_shared_cache():
    result = read("config.settings.prod", "CACHES", **PROD_KEYS, REDIS_URL="redis://cache.internal:6379/1")
    assert result.returncode == 0, result.stderr
    assert "'BACKEND': 'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://cache.internal:6379/1'" in (
        result.stdout
    )
