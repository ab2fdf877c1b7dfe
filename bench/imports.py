"""The import benchmark: a values.csv of 1 million new values for the synthetic programme,
imported with `manage.py import_bundle` in a child process (time and peak memory)."""

import resource
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.db.models import Q

from essaim.evaluation.enums import Level
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.rules import Violation
from essaim.imports.export import write_csv
from essaim.swarming.models import Adoption
from essaim.synthetic import national

ROOT = Path(__file__).resolve().parent.parent
FIRST_NEW_MONTH = national.MONTHS  # the months after the generated ones
HEADER = ["innovation", "structure", "indicator", "period_start", "period_end", "value", "source", "comment"]


def write_values_file(directory, count=1_000_000):
    indicators = list(
        Indicator.objects.base()
        .filter(levels__in=[Level.STRUCTURE, Level.BOTH])
        .order_by("code")
        .values_list("code", flat=True)
    )
    pairs = list(
        Adoption.objects.filter(innovation__code__startswith=national.PREFIX)
        .order_by("pk")
        .values_list("innovation__code", "structure__key")
    )
    ends = [national.month_end(FIRST_NEW_MONTH + n).isoformat() for n in range(12)]

    def rows():
        written = 0
        for end in ends:
            for innovation, structure in pairs:
                for n, indicator in enumerate(indicators):
                    if written == count:
                        return
                    value = "nc" if (written % 20 == 7) else str(10 + (written + n) % 40)
                    yield (innovation, structure, indicator, "", end, value, "bench", "")
                    written += 1

    directory.mkdir(parents=True, exist_ok=True)
    return write_csv(directory / "values.csv", HEADER, rows())


def remove_imported():
    """Delete what an import run wrote, vacuum, then checkpoint: each run starts from the same
    tables, as autovacuum would leave them (the benchmark server may run without it; the dead
    rows of every previous run would otherwise weigh on the next), and from a quiet server (the
    checkpoint that the deletion's WAL calls for would otherwise write its gigabyte during the
    next run)."""
    first = national.month_end(FIRST_NEW_MONTH)
    imported = Value.objects.filter(period_end__gte=first, innovation__code__startswith=national.PREFIX)
    Value.history.filter(period_end__gte=first)._raw_delete(Value.history.db)
    found = Violation.objects.filter(Q(value__in=imported) | Q(other_value__in=imported))  # by the upload's checks
    Violation.objects.filter(pk__in=list(found.values_list("pk", flat=True))).delete()
    Value.objects.filter(pk__in=imported.values("pk"))._raw_delete(Value.objects.db)
    with connection.cursor() as cursor:
        for model in (Value, Value.history.model):
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("CHECKPOINT")


def import_once(directory):
    """Return (seconds, peak resident memory of the child in MB)."""
    remove_imported()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_bundle", str(directory)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=None,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"import_bundle failed: {result.stderr[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024
