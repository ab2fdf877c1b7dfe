"""The upload benchmark: a filled figures template of 100,000 values (CSV, then XLSX), sent
through the upload page as a person does, checked then imported by the worker
(`manage.py db_worker` in its own process). The rate is counted from each task's start to its
end, as the job rows record them (imports/upload_flow.py, jobs/runner.py)."""

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bench import imports, pages
from bench.measure import Measure
from essaim.evaluation.enums import Level
from essaim.evaluation.figure_template import HEADER, SHEET
from essaim.evaluation.models import Indicator
from essaim.jobs.models import Job
from essaim.swarming.models import Adoption
from essaim.synthetic import national

ROOT = Path(__file__).resolve().parent.parent
COUNT = 100_000


def busiest_innovation():
    """The synthetic innovation with the most adoptions, and its structures' keys."""
    adoptions = Adoption.objects.filter(innovation__code__startswith=national.PREFIX)
    counts = {}
    for code, key in adoptions.values_list("innovation__code", "structure__key"):
        counts.setdefault(code, []).append(key)
    code = max(counts, key=lambda c: (len(counts[c]), c))
    return code, sorted(counts[code])


def rows(code, structures, count=COUNT):
    indicators = list(
        Indicator.objects.base()
        .filter(levels__in=[Level.STRUCTURE, Level.BOTH])
        .order_by("code")
        .values_list("code", flat=True)
    )
    written, month = 0, imports.FIRST_NEW_MONTH
    while True:
        end = national.month_end(month).isoformat()
        for structure in structures:
            for n, indicator in enumerate(indicators):
                if written == count:
                    return
                value = "nc" if written % 20 == 7 else str(10 + (written + n) % 40)
                yield [code, structure, "", indicator, "", "", end, value, ""]
                written += 1
        month += 1


def write_files(directory, code, structures):
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"chiffres-{code}.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(code, structures))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(HEADER)
    for row in rows(code, structures):
        sheet.append(row)
    xlsx_path = directory / f"chiffres-{code}.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def work():
    """What the worker has queued, done in its own process."""
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def seconds(job):
    job.refresh_from_db()
    if job.status != Job.Status.DONE or job.result.get("summary", {}).get("error_count"):
        raise RuntimeError(
            f"upload job {job.pk}: {job.status} {job.error} {job.result.get('summary', {}).get('errors')}"
        )
    return (job.finished_at - job.started_at).total_seconds()


def upload_once(client, code, path):
    """(check seconds, import seconds) of one upload of `path`, from a state without its values."""
    imports.remove_imported()
    url = reverse("evaluation:figures_upload", args=[code])
    with path.open("rb") as handle:
        response = client.post(url, {"fichier": handle})
    if response.status_code != 302 or "/travaux/" not in response.url:
        raise RuntimeError(f"upload not queued: {response.status_code}")
    check = Job.objects.get(pk=int(response.url.strip("/").split("/")[-1]))
    work()
    checked = seconds(check)
    confirm = client.post(reverse("evaluation:figures_confirm", args=[code]), {"jeton": f"travail-{check.pk}"})
    applying = Job.objects.get(pk=int(confirm.url.strip("/").split("/")[-1]))
    work()
    return checked, seconds(applying)


def measures(repeat=5):
    code, structures = busiest_innovation()
    directory = Path(settings.BASE_DIR) / "bench" / ".files"
    csv_path, xlsx_path = write_files(directory, code, structures)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(pages.bench_user())
    found = []
    for label, path, target, times in (("CSV", csv_path, 50_000, repeat), ("XLSX", xlsx_path, 10_000, 3)):
        runs = [upload_once(client, code, path) for _ in range(times)]
        for step, index in (("vérification", 0), ("enregistrement", 1)):
            found.append(
                Measure(
                    f"Dépôt {label} de 100\u202f000 valeurs par la page, {step} par le travailleur (valeurs/s)",
                    [COUNT / run[index] for run in runs],
                    target=target,
                    unit="valeurs/s",
                    higher_is_better=True,
                )
            )
    imports.remove_imported()
    return found
