"""Strict parsing of settings read from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_redis_url(name):
    """A Redis URL (redis://[:password@]host[:port][/db], rediss://… or unix:///path.sock), or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = "invalid"
    if parts.scheme in ("redis", "rediss"):
        database = parts.path.strip("/")
        ok = bool(parts.hostname) and port != "invalid" and (not database or database.isdigit()) and not parts.query
    else:
        ok = parts.scheme == "unix" and bool(parts.path) and not parts.netloc
    if not ok:
        raise ImproperlyConfigured(
            f"{name} must be a Redis URL (redis://host:6379/0, rediss://… or unix:///path/redis.sock)."
        )
    return raw
