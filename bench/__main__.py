"""`make bench`: fixed measurements against PostgreSQL, written to docs/performance.md.

Each figure is the median of 5 runs with min and max. Exits non-zero when a median is worse
than twice its target. The synthetic national programme is generated once (BENCH_SCALE, 1.0 by
default: about 10 million values) and kept between runs.
"""

import os
import platform
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def ensure_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…")
    params = {"host": db.get("HOST") or None, "port": db.get("PORT") or None, "user": db.get("USER") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main():
    django.setup()
    ensure_database()
    from django.core.management import call_command

    from bench import scenarios

    call_command("migrate", verbosity=0)
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    if not generated(scale):
        print(f"Génération du programme synthétique (échelle {scale})…", flush=True)
        call_command("generate_national", scale=scale)
    results, context = scenarios.run_all()
    write_report(results, context, scale)
    for measure in results:
        print(f"{measure.name:<70} médiane {measure.median:12.3f} {measure.unit}  {measure.verdict}", flush=True)
    if any(measure.failed for measure in results):
        sys.exit(1)


def generated(scale):
    """Whether the synthetic programme is there at this scale, every part of it."""
    from essaim.evaluation.models import Value
    from essaim.followup.models import Enrolment
    from essaim.grids.models import Observation
    from essaim.synthetic import national, referents

    prefix = national.PREFIX
    return (
        Value.objects.filter(innovation__code__startswith=prefix).count() >= 9_000_000 * scale
        and Observation.objects.filter(adoption__innovation__code__startswith=prefix).exists()
        and Enrolment.objects.filter(innovation__code__startswith=prefix).count() >= 900_000 * scale
        and referents.users().count() >= 9_000 * scale
    )


def write_report(results, context, scale):
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (do not edit by hand). Each figure is the median of 5 runs, with",
        "min and max; the machines are shared and noisy, so read ratios and orders of magnitude.",
        "",
        f"- Date: {date.today().isoformat()}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{context['database']}",
        f"- Data: synthetic national programme at scale {scale}: {context['volume']}",
        "",
        "| measurement | median | min | max | target | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in results:
        target = f"{m.target:,g} {m.unit}".replace(",", "\u202f") if m.target is not None else "—"
        fmt = "{:,.0f}" if m.median >= 100 else "{:.3f}"
        cells = [fmt.format(x).replace(",", "\u202f") for x in (m.median, min(m.runs), max(m.runs))]
        lines.append(f"| {m.name} | {cells[0]} {m.unit} | {cells[1]} | {cells[2]} | {target} | {m.verdict} |")
    lines.append("")
    (ROOT / "docs" / "performance.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
