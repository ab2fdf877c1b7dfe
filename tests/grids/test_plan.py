"""Evaluation plans: default dates, edits (order of phases, concurrency), the phase report as a
document (type, content, size, permissions)."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.core.history import record
from essaim.grids import plans
from essaim.grids.models import EvaluationPhase
from essaim.grids.validators import REPORT_MAX_BYTES
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plan_url(code="ALPHA"):
    return reverse("grids:plan", args=[code])


@pytest.fixture
def trained(world):
    for adoption, day in ((world.own, datetime.date(2016, 11, 30)), (world.other, datetime.date(2016, 12, 15))):
        record(StatusChange, adoption, AdoptionStatus.TRAINED, day)
    return world


def test_default_dates_are_6_12_18_months_after_the_end_of_the_training(trained):
    assert plans.training_end(trained.innovation) == datetime.date(2016, 12, 15)
    assert plans.default_dates(datetime.date(2016, 8, 31)) == {
        1: datetime.date(2017, 2, 28),
        2: datetime.date(2017, 8, 31),
        3: datetime.date(2018, 2, 28),
    }


def test_the_team_creates_the_plan_from_the_training(client, trained, personas):
    client.force_login(personas["evaluator"])
    page = client.get(plan_url()).content.decode()
    assert 'value="2016-12-15"' in page  # the training end, prefilled
    response = client.post(reverse("grids:plan_create", args=["ALPHA"]), {"training_end": "2016-12-15"}, follow=True)
    assert "3 phases ajoutées au plan." in response.content.decode()
    assert list(EvaluationPhase.objects.values_list("number", "planned_on", "status")) == [
        (1, datetime.date(2017, 6, 15), "planned"),
        (2, datetime.date(2017, 12, 15), "planned"),
        (3, datetime.date(2018, 6, 15), "planned"),
    ]
    assert EvaluationPhase.history.filter(history_user=personas["evaluator"]).count() == 3
    response = client.post(reverse("grids:plan_create", args=["ALPHA"]), {"training_end": "2016-12-15"}, follow=True)
    assert "Le plan a déjà ses trois phases." in response.content.decode()


def test_a_plan_needs_a_date(client, world, personas):
    client.force_login(personas["team"])
    response = client.post(reverse("grids:plan_create", args=["ALPHA"]), {"training_end": "15/12/2016"})
    assert response.status_code == 400
    assert "Date invalide : utilisez le format AAAA-MM-JJ." in response.content.decode()
    assert EvaluationPhase.objects.count() == 0


@pytest.fixture
def plan(trained):
    plans.create_plan(trained.innovation, datetime.date(2016, 12, 15))
    return {p.number: p for p in EvaluationPhase.objects.all()}


def phase_data(phase, **changes):
    data = {
        "phase": phase.number,
        f"phase{phase.number}-planned_on": phase.planned_on.isoformat(),
        f"phase{phase.number}-status": phase.status,
        f"phase{phase.number}-delivered_on": "",
        f"phase{phase.number}-note": "",
        f"phase{phase.number}-version": phase.updated_at.isoformat(),
    }
    for key, value in changes.items():
        data[f"phase{phase.number}-{key}"] = value
    return data


def test_edit_a_phase_with_methods_status_and_report(client, plan, personas):
    client.force_login(personas["team"])
    data = phase_data(
        plan[1],
        methods=["interviews", "survey"],
        status="delivered",
        delivered_on="2017-07-10",
        report=SimpleUploadedFile("Rapport phase 1.pdf", PDF, content_type="application/pdf"),
    )
    response = client.post(plan_url(), data, follow=True)
    assert "Phase 1 enregistrée." in response.content.decode()
    phase = EvaluationPhase.objects.get(number=1)
    assert phase.methods == ["interviews", "survey"] and phase.status == "delivered"
    assert phase.report_name == "Rapport phase 1.pdf" and phase.updated_by == personas["team"]
    assert phase.report.name.startswith("rapports-evaluation/ALPHA/phase-1/") and "Rapport" not in phase.report.name
    download = client.get(reverse("grids:report", args=["ALPHA", 1]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="Rapport phase 1.pdf"' in download["Content-Disposition"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "rapport.exe",
            b"MZ",
            "Format « .exe » non accepté : déposez le rapport en PDF, Word (.docx), OpenDocument (.odt).",
        ),
        ("rapport.pdf", b"<html>pas un pdf</html>", "n'est pas celui d'un document PDF"),
        ("rapport.docx", b"PK\x03\x04 broken zip", "n'est pas celui d'un document Word (.docx)"),
        ("rapport.odt", None, "n'est pas celui d'un document OpenDocument (.odt)"),
    ],
)
def test_a_report_of_the_wrong_kind_is_refused_in_french(client, plan, personas, name, content, message):
    client.force_login(personas["team"])
    content = content if content is not None else docx_bytes()  # a Word file renamed .odt
    response = client.post(plan_url(), phase_data(plan[1], report=SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert not EvaluationPhase.objects.get(number=1).report


def test_a_docx_report_is_accepted(client, plan, personas):
    client.force_login(personas["team"])
    response = client.post(plan_url(), phase_data(plan[2], report=SimpleUploadedFile("r.docx", docx_bytes())))
    assert response.status_code == 302
    assert EvaluationPhase.objects.get(number=2).report_name == "r.docx"


def test_a_report_too_big_is_refused(client, plan, personas):
    client.force_login(personas["team"])
    big = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (REPORT_MAX_BYTES + 10))
    response = client.post(plan_url(), phase_data(plan[1], report=big))
    assert response.status_code == 400
    assert "Fichier trop volumineux" in response.content.decode() and "20 Mo au plus" in response.content.decode()
    assert not EvaluationPhase.objects.get(number=1).report


def test_phases_stay_in_order(client, plan, personas):
    client.force_login(personas["team"])
    response = client.post(plan_url(), phase_data(plan[2], planned_on="2017-01-01"))
    assert response.status_code == 400
    assert "La phase 2 doit venir après la phase 1 (15/06/2017)." in response.content.decode()
    assert EvaluationPhase.objects.get(number=2).planned_on == datetime.date(2017, 12, 15)


def test_a_delivery_date_goes_with_a_delivered_report(client, plan, personas):
    client.force_login(personas["team"])
    response = client.post(plan_url(), phase_data(plan[1], delivered_on="2017-07-01"))
    assert response.status_code == 400
    assert "Une date de remise ne va qu" in response.content.decode()


def test_a_concurrent_edit_is_refused(client, plan, personas):
    client.force_login(personas["team"])
    stale = phase_data(plan[1], note="Ma note")
    phase = EvaluationPhase.objects.get(number=1)
    phase.note, phase.updated_by, phase.updated_at = (
        "La note d'un autre",
        personas["evaluator"],
        datetime.datetime.now(datetime.UTC),
    )
    phase.save()
    response = client.post(plan_url(), stale)
    assert response.status_code == 400
    assert f"Modifiée par {personas['evaluator']}" in response.content.decode()
    assert EvaluationPhase.objects.get(number=1).note == "La note d'un autre"


@pytest.mark.parametrize(
    "role, read, edit, download",
    [
        ("team", 200, True, 200),
        ("evaluator", 200, True, 200),
        ("innovator", 200, False, 200),
        ("member", 200, False, 403),
        ("funder", 200, False, 403),
    ],
)
def test_who_reads_edits_and_downloads(client, plan, personas, role, read, edit, download):
    phase = plan[1]
    phase.report = SimpleUploadedFile("r.pdf", PDF)
    phase.report_name = "r.pdf"
    phase.save()
    client.force_login(personas[role])
    response = client.get(plan_url())
    assert response.status_code == read
    assert ('name="phase1-planned_on"' in response.content.decode()) is edit
    assert client.get(reverse("grids:report", args=["ALPHA", 1])).status_code == download
    if not edit:
        assert client.post(plan_url(), phase_data(phase, note="x")).status_code == 403
        assert (
            client.post(reverse("grids:plan_create", args=["ALPHA"]), {"training_end": "2016-01-01"}).status_code == 403
        )


def test_a_phase_without_report_has_nothing_to_download(client, plan, personas):
    client.force_login(personas["team"])
    assert client.get(reverse("grids:report", args=["ALPHA", 2])).status_code == 404


def test_standings_as_of_a_day(plan):
    phase = EvaluationPhase.objects.get(number=1)
    phase.status, phase.delivered_on = "delivered", datetime.date(2017, 7, 10)
    phase.save()
    innovation = phase.innovation_id
    assert plans.standings(datetime.date(2017, 7, 1))[innovation].delivered == 0
    standing = plans.standings(datetime.date(2017, 8, 1))[innovation]
    assert (standing.delivered, standing.next_number, standing.next_started) == (1, 2, False)
