"""The periodic purge of person-level data (docs/followup.md): people without contact for
FOLLOWUP_RETENTION_DAYS and access-log lines older than FOLLOWUP_ACCESS_LOG_DAYS.

`manage.py purge_followup --wet-run`, run by cron or a systemd timer, purges at once;
`--enqueue` hands `purge_task` to the task queue, and a worker (`manage.py db_worker`) does it.
Either way the work is `purge_stale`, across every programme.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from essaim.followup.erasure import purge
from essaim.followup.models import AccessLog, Beneficiary, retention_limit
from essaim.programmes import scope

logger = logging.getLogger(__name__)


def to_purge(today=None):
    """People with no contact (last situation, or creation) for FOLLOWUP_RETENTION_DAYS, and
    access-log lines older than FOLLOWUP_ACCESS_LOG_DAYS. Fictitious demo people stay."""
    today = today or timezone.localdate()
    limit = retention_limit(today)
    people = Beneficiary.objects.filter(is_demo=False).annotate(last=Max("enrolments__last_seen_on"))
    stale = people.filter(last__lt=limit) | people.filter(last__isnull=True, created_at__date__lt=limit)
    log_limit = timezone.now() - timedelta(days=settings.FOLLOWUP_ACCESS_LOG_DAYS)
    return stale, AccessLog.objects.filter(at__lt=log_limit), limit


def purge_stale(today=None):
    """Erase what `to_purge` finds, in one transaction; return what went, as JSON."""
    with scope.unscoped(), transaction.atomic():
        people, logs, limit = to_purge(today)
        erased = purge(list(people.values_list("pk", flat=True)))
        lines, _ = logs.delete()
    logger.info("Follow-up purge: %d people without contact since %s, %d access-log lines", erased, limit, lines)
    return {"people": erased, "access_log_lines": lines, "limit": limit.isoformat()}


@task()
def purge_task():
    """The purge, as the worker does it."""
    return purge_stale()
