import datetime
import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse
from openpyxl import load_workbook

from essaim.jobs import runner as jobs
from essaim.jobs.models import Job
from essaim.programmes import scope
from essaim.programmes.models import Programme
from essaim.reference.load import load_reference_data
from essaim.reports import render as render_module
from essaim.reports.render import ReportError, render
from tests.factories import UserFactory

ANNEXE = datetime.date(2019, 3, 31)
TOTALS = [85, 1058, 28, 354, 214, 1412]


@pytest.fixture
def reference(db):
    load_reference_data()


def workbook(content):
    return load_workbook(io.BytesIO(content))


def test_xlsx_gives_the_numbers_of_the_page_and_keeps_nc_ne_as_text(reference):
    book = workbook(render("consolidated", ANNEXE, "xlsx").content)
    sheet = book["Résultats"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    assert list(rows["Total"][:5]) + [rows["Total"][5]] == TOTALS
    assert rows["VITA Air"][2] == "nc" and rows["Lieu Ressources Emploi-Formation"][2] == "ne"
    assert isinstance(rows["VITA Air"][1], int)
    partial = next(c for c in sheet["D"] if c.value == 28 and "*" in c.number_format)
    assert partial is not None
    notes = list(book["notes"].iter_rows(values_only=True))
    assert notes[1][1].date() == ANNEXE
    assert any("Annexe I" in str(r[1]) for r in notes if len(r) > 1 and r[1])


def test_xlsx_neutralises_formula_text(reference):
    from essaim.innovations.models import Innovation

    Innovation.objects.filter(code="LREF").update(name="=HYPERLINK(1)")
    book = workbook(render("consolidated", ANNEXE, "xlsx").content)
    names = [r[0] for r in book["Résultats"].iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(1)" in names


def test_csv_of_the_consolidated_table_is_the_command_output(reference, capsys):
    content = render("consolidated", ANNEXE, "csv").content.decode()
    call_command("consolidated_table", as_of="2019-03-31", format="csv")
    assert content == capsys.readouterr().out
    assert content.startswith(
        "date,innovation,indicateur,libellé de l'indicateur,valeur,statut,unités déclarées,unités attendues,origine\n"
    )
    assert "2019-03-31,TOTAL,people_reached,Personnes concernées (DELD et jeunes),1058,Complet," in content


def test_pdf_text_holds_the_annexe_totals(reference):
    content = render("consolidated", ANNEXE, "pdf").content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for figure in ["1 058", "1 412", "354", "214", "85"]:
        assert figure in text, figure
    assert "Situation au 31 mars 2019" in text and "Page 1 sur" in text


def pdf_text(content):
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_innovation_report_pdf_and_xlsx(reference):
    text = pdf_text(render("innovation", datetime.date(2020, 6, 30), "pdf", code="RALLYES").content)
    assert "Rallyes pour l'emploi" in text and "Taux d'abandon" in text
    book = workbook(render("innovation", datetime.date(2020, 6, 30), "xlsx", code="RALLYES").content)
    assert {"Chiffres", "Statuts", "Départements", "Abandons", "notes"} <= set(book.sheetnames)


def test_innovation_report_pdf_page_header_reads_as_written(reference):
    """The header of every page after the cover is the report's title, apostrophe and hyphen
    included (a CSS string: neither HTML nor JavaScript escaping reads right there)."""
    text = pdf_text(render("innovation", ANNEXE, "pdf", code="LREF").content)
    header = "Rapport d'innovation — Lieu Ressources Emploi-Formation"
    assert text.count(header) >= 2, text[:500]
    assert "u0027" not in text and "&#x27;" not in text


def test_css_string_escapes_what_could_end_the_string_or_the_style_element():
    from essaim.reports.templatetags.print_css import css_string

    assert css_string("Rapport d'innovation — Emploi-Formation") == "Rapport d\\27 innovation — Emploi-Formation"
    assert css_string('a"b\\c</style>') == "a\\22 b\\5c c\\3c /style\\3e "


@pytest.mark.parametrize(
    "kind, fmt, code, message",
    [
        ("innovation", "pdf", "NOPE", "Innovation « NOPE » inconnue"),
        ("consolidated", "docx", None, "Format « docx » inconnu"),
        ("annual", "pdf", None, "Rapport « annual » inconnu"),
    ],
)
def test_bad_requests_are_refused_in_french(reference, kind, fmt, code, message):
    with pytest.raises(ReportError, match=message):
        render(kind, ANNEXE, fmt, code=code)


def test_render_report_command_writes_the_file(reference, tmp_path):
    out = tmp_path / "annexe.xlsx"
    call_command("render_report", "consolidated", as_of="2019-03-31", format="xlsx", output=str(out))
    assert workbook(out.read_bytes())["Résultats"]["A1"].value.startswith("Résultats par innovation")


@pytest.mark.parametrize(
    "args, options, message",
    [
        (["innovation"], {"format": "pdf"}, "code de l'innovation"),
        (["consolidated"], {"as_of": "2019-02-30", "format": "pdf"}, "Date « 2019-02-30 » invalide"),
        (["innovation", "NOPE"], {"format": "xlsx"}, "inconnue"),
    ],
)
def test_render_report_command_errors(reference, tmp_path, args, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *args, output=str(tmp_path / "x"), **options)


def test_pdf_download_goes_through_a_job(client, reference):
    user = UserFactory(funder=True)
    client.force_login(user)
    response = client.get(reverse("reports:export", args=["consolidated"]), {"au": "2019-03-31", "format": "pdf"})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.filename == "evaluation-consolidee-2019-03-31.pdf"
    page = client.get(response.url).content.decode()
    assert "Le fichier est prêt" in page
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_job_is_read_by_its_owner_and_the_team_only(client, reference):
    owner = UserFactory(funder=True)
    with scope.activate(Programme.objects.get()):
        job = jobs.start(owner, "consolidated", as_of=ANNEXE, fmt="csv")
    client.force_login(UserFactory(funder=True))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert "evaluation-consolidee" not in client.get(reverse("jobs:index")).content.decode()
    client.force_login(UserFactory(team=True))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Demandé par" in page
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 200
    assert "evaluation-consolidee-2019-03-31.csv" in client.get(reverse("jobs:index")).content.decode()
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404  # only its owner starts it again


def test_a_job_asked_outside_any_programme_stays_its_owners(client, reference):
    job = jobs.start(UserFactory(funder=True), "consolidated", as_of=ANNEXE, fmt="csv")
    assert job.programme is None
    client.force_login(UserFactory(team=True))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert "evaluation-consolidee" not in client.get(reverse("jobs:index")).content.decode()


def test_a_failed_job_says_why_and_the_page_survives(client, reference, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(render_module, "render", broken)
    user = UserFactory(funder=True)
    job = jobs.start(user, "consolidated", as_of=ANNEXE, fmt="pdf")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "n'a pas pu être fait" in job.error
    client.force_login(user)
    assert "n&#x27;a pas pu être fait" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_queued_job_is_done_by_a_worker_in_another_process(settings, migration_data, tmp_path):
    """Queued in the database, the job waits for a worker (it survives a restart of the web
    process: nothing of it lives there); `manage.py db_worker` in its own process does it, and
    any web process serves the file from the database."""
    load_reference_data()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    job = jobs.start(UserFactory(funder=True), "consolidated", as_of=ANNEXE, fmt="xlsx")
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING  # queued, not done by the web process
    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):  # the tests' in-memory database: no other process sees it
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    else:
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        url = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
        }
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            env=env, check=True, timeout=300, cwd=settings.BASE_DIR, capture_output=True,
        )  # fmt: skip
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 1
    with job.file.open("rb") as handle:  # written by the worker's process, read by this one
        assert workbook(handle.read())["Résultats"] is not None


def download_through_the_job(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 302
    return client.get(reverse("jobs:file", args=[int(response.url.strip("/").split("/")[-1])]))


def test_xlsx_and_csv_are_jobs_too(client, reference):
    client.force_login(UserFactory(funder=True))
    url = reverse("reports:export", args=["consolidated"])
    xlsx = download_through_the_job(client, url, {"au": "2019-03-31", "format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="evaluation-consolidee-2019-03-31.xlsx"'
    csv = download_through_the_job(client, url, {"au": "2019-03-31", "format": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="evaluation-consolidee-2019-03-31.csv"'
    compare = download_through_the_job(client, url, {"au": "2020-06-30", "comparer": "2019-03-31", "format": "xlsx"})
    assert "evolution-2019-03-31-2020-06-30.xlsx" in compare["Content-Disposition"]
    assert client.get(url, {"au": "2019-13-01", "format": "xlsx"}).status_code == 400
    assert client.get(reverse("reports:export", args=["innovation"]), {"code": "NOPE"}).status_code == 404


def test_an_export_interrupted_by_a_restart_says_so(client, reference):
    user = UserFactory(funder=True)
    job = Job.objects.create(user=user, kind="consolidated", as_of=ANNEXE, format="pdf", status="running")
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(hours=2))
    client.force_login(user)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "a été interrompu" in html and "hx-trigger" not in html
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1 and job.file  # done again, by the tests' backend


def test_a_failed_job_can_be_started_again(client, reference, monkeypatch):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("coupure")
        return original(*args, **kwargs)

    original = render_module.render
    monkeypatch.setattr(render_module, "render", flaky)
    user = UserFactory(funder=True)
    job = jobs.start(user, "consolidated", as_of=ANNEXE, fmt="csv")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    client.force_login(user)
    assert "Relancer" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.error == ""
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302  # nothing to start again
    job.refresh_from_db()
    assert job.attempts == 2


def test_a_job_waiting_long_says_no_worker_takes_it(client, reference):
    user = UserFactory(funder=True)
    job = Job.objects.create(user=user, kind="consolidated", as_of=ANNEXE, format="pdf")
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(minutes=20))
    client.force_login(user)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "aucun processus de travail" in html and "hx-trigger" in html  # still followed


def test_published_figures_export(reference):
    book = workbook(render("published", ANNEXE, "xlsx").content)
    rows = list(book["Chiffres publiés"].iter_rows(min_row=3, values_only=True))
    deld = next(r for r in rows if r[0].startswith("Corps du rapport : demandeurs"))
    assert (deld[2], deld[5], deld[7]) == ("1082", 1058, "différent")
    csv = render("published", ANNEXE, "csv").content.decode()
    assert "1082" in csv and "différent" in csv
    with pytest.raises(ReportError):
        render("published", ANNEXE, "pdf")
