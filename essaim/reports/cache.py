"""Reports computed once per state of the data.

A report is a pure function of the records and its parameters. `data_version()` reads, in one
cheap query, a fingerprint of the records reports read: the last history row of each model that
keeps history (every change and delete through the application adds one, and so does every
creation, but for values, whose history begins at their first change: their last id counts
too), and, for the two small tables that keep none (indicators, published figures), their last
id and count. Each
part is one probe of an index's end, whatever the size of the data. `cached()` keys a computation by that
fingerprint, so a report is computed again as soon as anything it reads changes, and never
served stale; the timeout only frees memory.

The cache is Django's (`CACHES`, per process by default; point it at Redis or the database in
production to share it between workers). `REPORTS_CACHE = False` turns it off (the tests do).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from essaim.core.first_change import created_fields

TIMEOUT = 3600


@functools.cache
def fingerprint_sql():
    from essaim.activities.models import Activity, Attendance
    from essaim.evaluation.models import Indicator, Value
    from essaim.innovations.models import Innovation, StepChange
    from essaim.organizations.models import Structure
    from essaim.reference.models import PublishedFigure
    from essaim.swarming.models import Adoption, StatusChange

    quote = connection.ops.quote_name
    parts = []
    for model in (Value, Innovation, Adoption, Structure, Activity, Attendance, StatusChange, StepChange):
        table = quote(model.history.model._meta.db_table)
        parts.append(f"(SELECT MAX(history_id) FROM {table})")
        if created_fields(model):  # created without a history row (core/first_change.py)
            parts.append(f"(SELECT MAX(id) FROM {quote(model._meta.db_table)})")
    for model in (Indicator, PublishedFigure):
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
    key = "essaim:" + hashlib.blake2b(repr((name, parameters, version)).encode(), digest_size=16).hexdigest()
    cache = caches["default"]
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
