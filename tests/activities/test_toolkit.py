"""The toolkit library: CC BY-SA by default, versions, public download once published, and files
that must be documents of a reasonable size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.activities.models import Tool
from essaim.core import documents
from tests.calls.helpers import PDF, pdf
from tests.factories import InnovationFactory, UserFactory


@pytest.fixture
def team(client, db):
    client.force_login(UserFactory(team=True))
    return client


@pytest.fixture
def rallyes(db):
    return InnovationFactory(code="RALLYES")


def tool_data(innovation, **changes):
    return {
        "innovation": innovation.pk,
        "kind": "guide",
        "title": "Guide méthodologique des Rallyes",
        "version": "1.0",
        "licence": "CC-BY-SA-4.0",
        "file": pdf("guide.pdf"),
    } | changes


def test_a_tool_is_shared_under_cc_by_sa_by_default(rallyes):
    tool = Tool.objects.create(innovation=rallyes, kind="charter", title="Charte")
    assert tool.licence == "CC-BY-SA-4.0" and tool.version == "1.0" and not tool.published


def test_a_published_tool_is_downloaded_without_an_account(team, client, rallyes):
    response = team.post(reverse("toolkit:create"), tool_data(rallyes, published="on"))
    assert response.status_code == 302
    tool = Tool.objects.get()
    assert tool.published and tool.published_on is not None
    client.logout()
    listing = client.get(reverse("toolkit:list")).content.decode()
    assert "Guide méthodologique des Rallyes" in listing and "CC BY-SA 4.0" in listing
    response = client.get(reverse("toolkit:download", args=[tool.pk]))
    assert response.status_code == 200
    assert 'filename="guide-methodologique-des-rallyes-v1.0.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_draft_is_hidden_from_everyone_but_the_team(team, client, rallyes):
    team.post(reverse("toolkit:create"), tool_data(rallyes))
    tool = Tool.objects.get()
    assert "Guide méthodologique des Rallyes" in team.get(reverse("toolkit:list")).content.decode()
    client.force_login(UserFactory(member=True))
    assert "Guide méthodologique des Rallyes" not in client.get(reverse("toolkit:list")).content.decode()
    assert client.get(reverse("toolkit:download", args=[tool.pk])).status_code == 404


def test_publishing_needs_a_file(team, rallyes):
    response = team.post(reverse("toolkit:create"), tool_data(rallyes, published="on", file=""))
    assert response.status_code == 400
    assert "Déposez le fichier avant de publier cet outil." in response.content.decode()
    assert not Tool.objects.exists()
    tool = Tool.objects.create(innovation=rallyes, kind="guide", title="Sans fichier")
    response = team.post(reverse("toolkit:publish", args=[tool.pk]), {"published": "1"}, follow=True)
    assert "déposez-le avant de publier" in response.content.decode()
    tool.refresh_from_db()
    assert not tool.published


def test_a_new_version_is_a_new_tool_and_the_same_version_is_refused(team, rallyes):
    assert team.post(reverse("toolkit:create"), tool_data(rallyes)).status_code == 302
    response = team.post(reverse("toolkit:create"), tool_data(rallyes))
    assert response.status_code == 400 and "changez le numéro de version" in response.content.decode()
    assert team.post(reverse("toolkit:create"), tool_data(rallyes, version="2.0")).status_code == 302
    assert list(Tool.objects.order_by("version").values_list("version", flat=True)) == ["1.0", "2.0"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("outil.exe", b"MZ\x90\x00", "Ce fichier (« .exe ») n&#x27;est pas un document accepté"),
        ("guide", PDF, "Ce fichier (sans extension) n&#x27;est pas un document accepté"),
        ("guide.pdf", b"<html>pas un pdf</html>", "n&#x27;est pas celui d&#x27;un document PDF"),
        ("trame.xlsx", PDF, "n&#x27;est pas celui d&#x27;un document Excel (.xlsx)"),
    ],
)
def test_an_upload_that_is_not_a_document_is_refused(team, rallyes, name, content, message):
    response = team.post(reverse("toolkit:create"), tool_data(rallyes, file=SimpleUploadedFile(name, content)))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Tool.objects.exists()


def test_an_upload_too_large_is_refused(team, rallyes, monkeypatch):
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 3 * 1024 * 1024)
    big = pdf(content=PDF + b"0" * (3 * 1024 * 1024 + 300 * 1024))
    response = team.post(reverse("toolkit:create"), tool_data(rallyes, file=big))
    assert response.status_code == 400
    assert "Fichier trop volumineux (3,3 Mo) : 3 Mo au plus." in response.content.decode()
    assert not Tool.objects.exists()
