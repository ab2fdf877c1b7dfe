"""The toolkit's sheets: every reference tool has a file, a PDF made from what the documents
say of it, marked as such and citing them by title; published, so that an anonymous visitor
finds the toolbox full and downloads each sheet; printed once (a second load finds it again)
and never put in place of a file someone uploaded."""

import re
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from essaim.activities.models import Tool
from essaim.reference.load import load_reference_data
from essaim.reference.loader import PIPELINE_FILE, ReferenceDataError
from essaim.reference.tool_sheets import MARK
from tests.calls.helpers import PDF

CONSOLIDATED = "Impact des dispositifs d'essaimage de l'AIS#Emploi — Évaluation consolidée du programme (2014-2019)"


@pytest.fixture
def loaded(db):
    return load_reference_data()


def poppler(*command, content):
    if not shutil.which(command[0]):
        pytest.skip(f"{command[0]} absent")
    return subprocess.run([*command], input=content, capture_output=True, check=True).stdout


def pdf_text(content):
    """The text of a PDF as pdftotext reads it, on one line (words cut at line ends joined)."""
    text = poppler("pdftotext", "-", "-", content=content).decode()
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def content(tool):
    with tool.file.open("rb") as handle:
        return handle.read()


def test_every_reference_tool_has_a_published_sheet_marked_as_generated(loaded):
    tools = list(Tool.objects.select_related("innovation"))
    assert len(tools) == 10
    for tool in tools:
        assert tool.published and tool.published_on is not None, tool
        assert tool.file.name.startswith(f"boite-a-outils/{tool.innovation.code}/fiche-"), tool.file.name
        pdf = content(tool)
        assert pdf.startswith(b"%PDF-"), tool
        text = pdf_text(pdf)
        assert MARK in text and tool.title in text, tool
        assert "pas l'outil original" in tool.description, tool
    assert loaded[("fiches outils", "créé")] == 10


def test_a_sheet_says_what_the_documents_say_and_cites_them_by_title(loaded):
    charter = Tool.objects.get(innovation__code="RALLYES", kind="charter")
    text = pdf_text(content(charter))
    assert "Chaque rallye réunit au moins 15 participants et mobilise au moins 6 entreprises." in text
    assert "« La charte laisse la possibilité au réseau des CREPI de retirer" in text
    assert f"« {CONSOLIDATED} »" in text and "« Projets ayant intégré l'AIS »" in text
    assert "Partie 1, Rallyes pour l'Emploi — historique de l'essaimage, charte, résultats" in text
    assert "Fédération des CREPI" in text and "CC BY-SA 4.0" in text
    compair = Tool.objects.get(title__startswith="Logiciel COMPAIR")
    text = pdf_text(content(compair))
    assert "MSSV Defi" in text and "Autre licence" in text
    assert "Aperçu général de l'état d'intégration de la démarche VITA et de l'outil COMPAIR" in text


def test_a_sheet_prints_as_an_a4_page_or_two(loaded):
    pdf = content(Tool.objects.get(innovation__code="LREF", kind="guide"))
    info = poppler("pdfinfo", "-", content=pdf).decode()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 2 and "595.276 x 841.89 pts (A4)" in info
    image = poppler("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-", content=pdf)
    assert image.startswith(b"\x89PNG") and len(image) > 2000


def test_an_anonymous_visitor_finds_the_toolbox_full_and_downloads_every_sheet(loaded, client):
    listing = client.get(reverse("toolkit:list")).content.decode()
    assert "Aucun outil publié" not in listing
    for tool in Tool.objects.all():
        assert tool.title.replace("'", "&#x27;") in listing, tool.title
        response = client.get(reverse("toolkit:download", args=[tool.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    rallyes = client.get(reverse("toolkit:list"), {"innovation": "RALLYES"}).content.decode()
    assert rallyes.count("/telecharger/") == 3


def test_loading_again_finds_every_sheet_and_prints_none(loaded):
    files = dict(Tool.objects.values_list("pk", "file"))
    updated = dict(Tool.objects.values_list("pk", "updated_at"))
    report = load_reference_data()
    assert report[("fiches outils", "inchangé")] == 10
    assert {outcome for _, outcome in report} == {"inchangé"}
    assert dict(Tool.objects.values_list("pk", "file")) == files
    assert dict(Tool.objects.values_list("pk", "updated_at")) == updated


def test_a_changed_text_makes_a_new_sheet_and_an_uploaded_file_stays(loaded, tmp_path):
    guide = Tool.objects.get(innovation__code="SOLENI")
    uploaded = Tool.objects.get(innovation__code="VITA-AIR", kind="guide")
    uploaded.file.save("guide.pdf", ContentFile(PDF))
    kept = uploaded.file.name
    path = tmp_path / "pipeline.toml"
    text = PIPELINE_FILE.read_text()
    old = "afin de soutenir la mise en œuvre de SOLENI à l'échelle du département"
    assert old in text
    path.write_text(text.replace(old, "pour mettre en œuvre SOLENI dans tout le département"))
    report = load_reference_data(pipeline_path=path)
    assert report[("fiches outils", "mis à jour")] == 1
    before = guide.file.name
    guide.refresh_from_db()
    uploaded.refresh_from_db()
    assert guide.file.name != before and "pour mettre en œuvre SOLENI dans tout le département" in pdf_text(
        content(guide)
    )
    assert uploaded.file.name == kept and content(uploaded) == PDF and uploaded.published


def test_a_sheet_without_summary_is_refused_where_it_is(db, tmp_path):
    path = tmp_path / "pipeline.toml"
    text = PIPELINE_FILE.read_text()
    old = "  summary = \"Guide méthodologique réalisé par l'AIS#Emploi"
    assert old in text
    path.write_text(text.replace(old, "  resume = \"Guide méthodologique réalisé par l'AIS#Emploi", 1))
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(pipeline_path=path)
    assert "[[tools]] n°3 (Guide méthodologique SOLENI pour les structures de l'Isère), fiche : champ summary" in str(
        error.value
    )
    assert not Tool.objects.exists()
