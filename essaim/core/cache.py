"""Reports computed once per state of the data (the reports and any page that shows one).

A report is a pure function of the records and its parameters. `data_version()` reads, in one
cheap query, a fingerprint of the records reports read: the last history row of each model that
keeps history (every change and delete through the application adds one, and so does every
creation, but for values, whose history begins at their first change: their last id counts
too), and, for the two small tables that keep none (indicators, published figures), their last
id and count. Each app names the models it holds that reports read (`cached_reads` in its
AppConfig). Each part is one probe of an index's end, whatever the size of the data.
`cached()` keys a computation by that fingerprint, so a report is computed again as soon as
anything it reads changes, and never served stale; the timeout only frees memory.

The cache is Django's `CACHES["reports"]`, per process and in memory: fast, and never stale since
every key holds the data's fingerprint (the default cache, shared by every process through the
database or Redis, holds the login rate limits). `REPORTS_CACHE = False` turns it off (the tests do).
"""

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from essaim.core import reading
from essaim.core.first_change import created_fields
from essaim.programmes import scope

TIMEOUT = 3600
CACHE_ALIAS = "reports"


def read_models():
    """The models whose records cached reports read, as each app declares them in its AppConfig:
    `cached_reads` (models that keep history) and `cached_reads_without_history` (small tables)."""
    with_history, without = [], []
    for config in apps.get_app_configs():
        with_history += [config.get_model(name) for name in getattr(config, "cached_reads", ())]
        without += [config.get_model(name) for name in getattr(config, "cached_reads_without_history", ())]
    return with_history, without


@functools.cache
def fingerprint_sql():
    quote = connection.ops.quote_name
    parts = []
    with_history, without = read_models()
    for model in with_history:
        table = quote(model.history.model._meta.db_table)
        parts.append(f"(SELECT MAX(history_id) FROM {table})")
        if created_fields(model):  # created without a history row (core/first_change.py)
            parts.append(f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})")
    for model in without:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT MAX(id) FROM {table})")
        parts.append(f"(SELECT COUNT(*) FROM {table})")
    return "SELECT " + ", ".join(parts)


def data_version():
    with connection.cursor() as cursor:
        cursor.execute(fingerprint_sql())
        row = cursor.fetchone()
    return hashlib.blake2b(repr(row).encode(), digest_size=8).hexdigest()


def enabled():
    return getattr(settings, "REPORTS_CACHE", True)


def cached(name, parameters, compute, version=None):
    """compute(), or the result computed before for the same name, parameters and data."""
    if not enabled():
        return compute()
    version = version or data_version()
    programme = scope.current_id()  # a report is the report of one programme
    seen = (name, parameters, programme, version, reading.validated_only())  # and of what its reader may read
    key = "essaim:" + hashlib.blake2b(repr(seen).encode(), digest_size=16).hexdigest()
    cache = caches[CACHE_ALIAS]
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def rendered(name, parameters, templates, make_context, version=None):
    """Parts of a page that are the same for every reader, rendered once per state of the data:
    {part: template name} → {part: HTML}, each template given `make_context()` (called only when
    the parts are rendered again)."""

    def render_all():
        context = make_context()
        return {part: render_to_string(template, context) for part, template in templates.items()}

    return {part: mark_safe(html) for part, html in cached(name, parameters, render_all, version).items()}  # noqa: S308 — our templates, escaped
