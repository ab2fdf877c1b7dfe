"""The fixed set of measurements."""

import tempfile
from datetime import date
from pathlib import Path

from django.db import connection
from django.utils import timezone

from bench import followup, imports, pages, reminders, reports_bench, uploads
from bench.measure import Measure, timed
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Value
from essaim.innovations.models import Innovation
from essaim.swarming.models import Adoption


def run_all():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
        cursor.execute("VACUUM (ANALYZE) evaluation_value")
        cursor.execute("ANALYZE")

    def n(count):
        return f"{count:,}".replace(",", "\u202f")

    volume = (
        f"{n(Innovation.objects.count())} innovations, {n(Adoption.objects.count())} adoptions, "
        f"{n(Value.objects.count())} values"
    )
    today = timezone.localdate()
    results = [
        Measure("Tableau consolidé, à aujourd'hui", timed(lambda: consolidate(today)), target=2.0),
        Measure("Tableau consolidé, au 30 juin 2018", timed(lambda: consolidate(date(2018, 6, 30))), target=4.0),
    ]
    results.extend(import_measures())
    results.extend(uploads.measures())
    results.extend(reports_bench.measures())
    results.extend(page_measures())
    results.extend(followup.measures())
    results.extend(reminders.measures())
    return results, {"database": version, "volume": volume}


def page_measures():
    """The dashboard, the consolidated table and an innovation page under 20 clients, beside a
    trivial page (/sante/) measured the same way."""
    code = Innovation.objects.filter(code__startswith="SYN-").order_by("code").values_list("code", flat=True).first()
    return pages.page_measures(
        {
            "Page triviale (/sante/)": ("/sante/", 200),
            "Tableau de bord": ("/", 100),
            "Tableau consolidé": ("/resultats/", 100),
            f"Page d'une innovation ({code})": (f"/innovations/{code}/", 100),
        }
    )


def import_measures(repeat=5):
    directory = Path(tempfile.mkdtemp(prefix="essaim-bench-"))
    count = imports.write_values_file(directory)
    seconds, peaks = [], []
    for _ in range(repeat):
        elapsed, peak = imports.import_once(directory)
        seconds.append(elapsed)
        peaks.append(peak)
    imports.remove_imported()
    rates = [count / s for s in seconds]
    return [
        Measure(
            f"Import CSV de {count:,} valeurs".replace(",", "\u202f") + " (débit, plus haut = mieux)",
            rates,
            target=50_000,
            unit="valeurs/s",
            higher_is_better=True,
        ),
        Measure("Import CSV : mémoire maximale", peaks, target=500, unit="Mo"),
    ]
