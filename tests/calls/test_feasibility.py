"""Feasibility studies: the five sections, dates, concurrent edits, attachments that must be
documents of a reasonable size."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.calls.models import FeasibilityStudy, StudyAttachment
from essaim.core import documents
from tests.calls.helpers import pdf
from tests.factories import InnovationFactory, UserFactory

STUDY = {
    "status": "written",
    "started_on": "2017-06-01",
    "finished_on": "2017-09-30",
    "author": "Ansa",
    "philosophy": "L'emploi d'abord.",
    "deployment_framework": "Trois principes.",
    "impact_analysis": "27 % en emploi de transition.",
    "transferability": "Des CHRS d'autres régions.",
    "swarming_scenario": "Formation-action de 5 jours.",
}


@pytest.fixture
def team(client, db):
    client.force_login(UserFactory(team=True))
    return client


@pytest.fixture
def innovation(db):
    return InnovationFactory(code="DELTA")


def test_the_study_in_five_sections(team, innovation):
    response = team.post(reverse("calls:feasibility", args=["DELTA"]), STUDY)
    assert response.status_code == 302
    study = FeasibilityStudy.objects.get(innovation=innovation)
    assert study.swarming_scenario == "Formation-action de 5 jours." and study.status == "written"
    page = team.get(reverse("calls:feasibility", args=["DELTA"])).content.decode()
    for title in ["Philosophie du projet", "Cadre de déploiement", "Analyse d'impact", "Transférabilité"]:
        assert title.replace("'", "&#x27;") in page or title in page
    assert "Scénario d&#x27;essaimage retenu" in page


def test_an_end_before_the_start_is_refused(team, innovation):
    response = team.post(reverse("calls:feasibility", args=["DELTA"]), STUDY | {"finished_on": "2017-01-01"})
    assert response.status_code == 400
    assert "La fin de l&#x27;étude ne peut pas précéder son début." in response.content.decode()
    assert not FeasibilityStudy.objects.exists()


def test_an_edit_made_meanwhile_is_never_overwritten(team, innovation):
    study = FeasibilityStudy.objects.create(innovation=innovation, status="in_progress", philosophy="v1")
    version = study.updated_at.isoformat()
    FeasibilityStudy.objects.filter(pk=study.pk).update(
        philosophy="écrit par quelqu'un d'autre", updated_at=study.updated_at + datetime.timedelta(seconds=5)
    )
    response = team.post(reverse("calls:feasibility", args=["DELTA"]), STUDY | {"version": version})
    assert response.status_code == 400 and "pendant que vous l" in response.content.decode()
    study.refresh_from_db()
    assert study.philosophy == "écrit par quelqu'un d'autre"


@pytest.fixture
def study(innovation):
    return FeasibilityStudy.objects.create(innovation=innovation, status="in_progress")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [("etude.pdf", b"%PDF-1.4\n%%EOF\n"), ("etude.docx", docx_bytes()), ("etude.odt", odt_bytes())],
)
def test_a_document_is_attached_and_downloaded(team, study, name, content):
    upload = SimpleUploadedFile(name, content)
    response = team.post(reverse("calls:attachment_add", args=["DELTA"]), {"title": "Étude finale", "file": upload})
    assert response.status_code == 302
    attachment = StudyAttachment.objects.get()
    assert attachment.file.name.startswith("faisabilite/DELTA/") and name not in attachment.file.name
    response = team.get(reverse("calls:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert f'filename="etude-finale.{name.split(".")[1]}"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("programme.exe", b"MZ\x90\x00", "n'est pas un document accepté"),
        ("notes.txt", b"du texte", "n'est pas un document accepté"),
        ("faux.pdf", b"MZ\x90\x00 un executable renomme", "n'est pas celui d'un document PDF"),
        ("faux.docx", b"%PDF-1.4", "n'est pas celui d'un document Word"),
        ("vide.pdf", b"", "Le fichier soumis est vide."),
    ],
)
def test_an_upload_that_is_not_a_document_is_refused_and_nothing_is_written(team, study, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = team.post(reverse("calls:attachment_add", args=["DELTA"]), {"title": "Pièce", "file": upload})
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode() or message in response.content.decode()
    assert not StudyAttachment.objects.exists()


def test_an_upload_too_large_is_refused(team, study, monkeypatch):
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 1024)
    upload = pdf(content=b"%PDF-1.4\n" + b"0" * 4096)
    response = team.post(reverse("calls:attachment_add", args=["DELTA"]), {"title": "Gros", "file": upload})
    assert response.status_code == 400
    assert "Fichier trop volumineux (4 Ko) : 1 Ko au plus." in response.content.decode()
    assert not StudyAttachment.objects.exists()
