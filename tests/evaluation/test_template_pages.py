"""The spreadsheet pages: upload, dry run, confirmation; links; every role."""

import pytest
from django.test import Client
from django.urls import reverse

from essaim.evaluation.models import Value
from essaim.imports import upload_flow
from tests.bundle.helpers import counts
from tests.evaluation.template_helpers import PERIOD, download, fill, key, stored, upload_url, xlsx_bytes

pytestmark = pytest.mark.usefixtures("upload_dir")
CONFIRM = reverse("evaluation:figures_confirm", args=["ALPHA"])


def login(client, user):
    client.force_login(user)
    return client


def post_file(client, content, name="chiffres.xlsx", code="ALPHA"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(upload_url(code), {"fichier": SimpleUploadedFile(name, content)})


def filled(client, world, figures):
    own, other = key(world.own.structure), key(world.other.structure)
    named = {(own if s == "own" else other if s == "other" else "", i): v for (s, i), v in figures.items()}
    return xlsx_bytes(fill(download(client), named))


def text(response):
    return response.content.decode()


@pytest.mark.parametrize("role", ["team", "evaluator", "member"])
def test_dry_run_then_confirm(client, world, personas, upload_dir, role):
    login(client, personas[role])
    content = filled(client, world, {("own", "people_reached"): 36, ("own", "returns_to_employment"): "nc"})
    before = counts()
    response = post_file(client, content)
    assert response.status_code == 200
    page = text(response)
    assert "Vérification de « chiffres.xlsx »" in page
    assert "Enregistrer ces 2 valeurs" in page
    assert response.context["n_new"] == 2 and response.context["n_unchanged"] == 0
    assert counts() == before  # the dry run wrote nothing
    token = response.context["token"]
    assert len(list(upload_dir.iterdir())) == 1

    response = client.post(CONFIRM, {"jeton": token, "periode": PERIOD.isoformat()}, follow=True)
    assert response.redirect_chain[-1][0] == upload_url()
    assert "« chiffres.xlsx » : 2 valeurs enregistrées (2 nouvelles, 0 modifiée)" in text(response)
    assert stored(world.innovation) == {(key(world.own.structure), "people_reached"): "36",
                                        (key(world.own.structure), "returns_to_employment"): "nc"}  # fmt: skip
    assert list(upload_dir.iterdir()) == []  # the waiting file is gone

    # The same confirmation again: nothing happens.
    response = client.post(CONFIRM, {"jeton": token}, follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(response)
    assert Value.objects.count() == 2


def test_errors_are_listed_row_by_row_and_nothing_can_be_confirmed(client, world, personas):
    login(client, personas["member"])
    content = filled(client, world, {("own", "people_reached"): 12.5, ("own", "companies_involved"): -3})
    response = post_file(client, content, name="rempli.xlsx")
    assert response.status_code == 200
    page = text(response)
    assert "2 erreurs : rien n'a été enregistré." in page
    assert '<th scope="col">Fichier</th><th scope="col" class="num">Ligne</th>' in page
    assert "« 12.5 » est décimal" in page and "« -3 » est négatif" in page
    assert response.context["token"] is None and "Enregistrer ces" not in page
    assert Value.objects.count() == 0


def test_a_member_uploading_another_structures_rows(client, world, personas):
    content = filled(login(client, personas["team"]), world, {("other", "people_reached"): 12})
    login(client, personas["member"])
    response = post_file(client, content)
    assert "vous ne pouvez déposer que les chiffres de votre structure (Structure membre)" in text(response)
    assert Value.objects.count() == 0


def test_a_file_that_changes_nothing(client, world, personas):
    login(client, personas["team"])
    response = post_file(client, xlsx_bytes(download(client)))
    assert "Ce fichier ne change aucune valeur" in text(response)
    assert response.context["token"] is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("chiffres.ods", b"PK...", "Format « .ods » non pris en charge"),
        ("chiffres", b"abc", "Format sans extension non pris en charge"),
        ("chiffres.xlsx", b"", "Ce fichier est vide"),
    ],
)
def test_refused_before_reading(client, world, personas, name, content, message):
    login(client, personas["team"])
    response = post_file(client, content, name=name)
    assert response.status_code == 400
    assert message in text(response)


def test_a_renamed_file_is_not_a_workbook(client, world, personas):
    login(client, personas["team"])
    response = post_file(client, b"innovation;structure\nALPHA;x\n", name="chiffres.xlsx")
    assert "ce fichier n&#x27;est pas un classeur Excel lisible" in text(response)


def test_size_limit(client, world, personas, monkeypatch):
    login(client, personas["team"])
    monkeypatch.setattr(upload_flow, "MAX_BYTES", 1000)
    response = post_file(client, b"x" * 2000)
    assert response.status_code == 400
    assert "Fichier trop volumineux (0,0 Mo) : 0 Mo au plus." in text(response)


def test_an_oversized_body_is_refused_unread(client, world, personas, monkeypatch):
    login(client, personas["team"])
    monkeypatch.setattr(upload_flow, "MAX_BYTES", 10)
    monkeypatch.setattr("essaim.imports.upload_flow.ENVELOPE", 10)
    response = post_file(client, b"x" * 5000)
    assert response.status_code == 400
    assert "Fichier trop volumineux : 0 Mo au plus." in text(response)


def test_a_token_belongs_to_its_session(client, world, personas):
    login(client, personas["team"])
    response = post_file(client, filled(client, world, {("own", "people_reached"): 36}))
    token = response.context["token"]
    other = login(Client(), personas["evaluator"])
    response = other.post(CONFIRM, {"jeton": token}, follow=True)
    assert "Ce dépôt n&#x27;est plus disponible" in text(response)
    assert Value.objects.count() == 0


def test_the_confirmation_checks_again(client, world, personas):
    """A value entered between the dry run and the confirmation: the file is checked again
    against it, and the confirmation writes what the file says."""
    login(client, personas["team"])
    response = post_file(client, filled(client, world, {("own", "people_reached"): 36}))
    token = response.context["token"]
    world.innovation.adoptions.filter(pk=world.own.pk).delete()  # the structure no longer adopted it
    response = client.post(CONFIRM, {"jeton": token, "periode": PERIOD.isoformat()})
    assert response.status_code == 400
    assert "Cette structure n&#x27;a pas adopté cette innovation." in text(response)
    assert Value.objects.count() == 0


def test_the_upload_page_says_what_the_template_holds(client, world, personas):
    login(client, personas["team"])
    page = text(client.get(upload_url()))
    assert "9 lignes à remplir, pour 2 structures attendues et 1 indicateur de l'innovation" in page
    assert 'name="format" value="csv"' in page
    login(client, personas["member"])
    page = text(client.get(upload_url()))
    assert "4 lignes à remplir, pour 1 structure attendue (la vôtre)" in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [("team", True), ("evaluator", True), ("innovator", False), ("member", True), ("funder", False)],
)
def test_links_from_the_innovation_page(client, world, personas, role, shown):
    login(client, personas[role])
    page = text(client.get(reverse("innovations:detail", args=["ALPHA"])))
    assert (reverse("evaluation:figures_upload", args=["ALPHA"]) in page) == shown
    assert (reverse("evaluation:figures_template", args=["ALPHA"]) in page) == shown


def test_link_from_the_entry_grid(client, world, personas):
    login(client, personas["member"])
    page = text(client.get(reverse("evaluation:entry", args=[world.own.pk]) + "?periode=2019-03-31"))
    assert reverse("evaluation:figures_template", args=["ALPHA"]) + "?periode=2019-03-31" in page
    assert reverse("evaluation:figures_upload", args=["ALPHA"]) + "?periode=2019-03-31" in page


def test_the_dry_run_shows_each_change_before_and_after(client, world, personas):
    from tests.evaluation.helpers import put

    put(world.innovation, "people_reached", 30, structure=world.own.structure, end=PERIOD)
    login(client, personas["evaluator"])
    content = filled(client, world, {("own", "people_reached"): 36, ("other", "returns_to_employment"): "ne"})
    response = post_file(client, content)
    changes = {(c["structure"], c["indicator"]): c for c in response.context["changes"]}
    updated = changes[("Structure membre", "Personnes concernées (DELD et jeunes)")]
    assert (updated["before"], updated["after"], updated["outcome"], updated["fields"]) == (
        "30",
        "36",
        "modifié",
        "valeur",
    )
    new = changes[("Autre structure", "DELD revenus à l'emploi")]
    assert (new["before"], new["after"], new["outcome"]) == (None, "ne", "nouveau")
    assert "Enregistrer ces 2 valeurs" in text(response)
