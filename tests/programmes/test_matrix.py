"""The permission matrices across two programmes: every page and export of every matrix × every
role, with the same records in both programmes (the same innovation codes, the same porteur and
structure, which the registry shares), one request per pair.

Each programme's world carries its mark in every name its records show. An account of one
programme asks every page of the other's records — by code (ALPHA is the reader's own ALPHA), by
key (the other's adoption, call, person, file…) — and must never read the other's mark or its
people's pseudonyms: not in a page, an HTMX partial, JSON, a CSV or XLSX export, a downloaded
file, a redirect or an error message. Nothing it sends may change the other programme's records.
"""

import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from essaim.followup.models import Beneficiary
from essaim.programmes import scope
from essaim.programmes.scope import ScopedManager
from tests import (
    test_permission_matrix,
    test_permission_matrix_accounts,
    test_permission_matrix_followup,
    test_permission_matrix_grids,
    test_permission_matrix_pipeline,
    test_permission_matrix_swarming,
)
from tests.factories import ProgrammeFactory
from tests.permission_matrix import ROLES
from tests.worlds import build_personas, build_world

MATRICES = [
    test_permission_matrix,
    test_permission_matrix_accounts,
    test_permission_matrix_followup,
    test_permission_matrix_grids,
    test_permission_matrix_pipeline,
    test_permission_matrix_swarming,
]

MARKS = {"AIS-EMPLOI": " Azurite", "FANTOME": " Zorglub"}  # in the names of the programme's records
REGISTRY = {"AIS-EMPLOI": " Azurin", "FANTOME": " Zorgon"}  # in the names of the structures it adds
SEE_THE_REGISTRY = {"team", "evaluator"}  # every structure of the installation: the registry is shared


def every_page(world, personas):
    """Every page of every matrix, built on `world`'s records: {"matrix:page": (method, url)}."""
    followup = test_permission_matrix_followup
    grids = test_permission_matrix_grids
    pipeline = test_permission_matrix_pipeline
    matrices = {
        "pages": test_permission_matrix.pages(world),
        "followup": followup.pages(world, followup.build_people(world)),
        "grids": grids.pages(world, grids.build_evaluation(world)),
        "pipeline": pipeline.pages(pipeline.build_pipeline(world, personas)),
        "swarming": test_permission_matrix_swarming.pages(world),
        "accounts": test_permission_matrix_accounts.pages(),
    }
    matrices["searches"] = searches(world)
    return {f"{matrix}:{name}": request for matrix, pages in matrices.items() for name, request in pages.items()}


HTMX = {"HTTP_HX_REQUEST": "true"}


def searches(world):
    """The searches, for the start of the world's own words (the page repeats what was asked: a
    leak shows the whole word), and the HTMX parts of pages, for its records."""
    job = test_permission_matrix.foreign_job(world)
    return {
        "structures": ("get", reverse("organizations:list") + f"?q={world.registry_mark.strip()[:4]}", HTMX),
        "findings": ("get", reverse("grids:findings") + f"?q={world.mark.strip()[:4]}"),
        "entry_grid_part": ("get", reverse("evaluation:entry", args=[world.own.pk]), HTMX),
        "grid_entry_part": ("get", reverse("grids:entry", args=["ALPHA"]), HTMX),
        "grid_adoption_part": ("get", reverse("grids:adoption", args=["ALPHA", world.own.pk]), HTMX),
        "export_progress_part": ("get", reverse("jobs:detail", args=[job.pk]), HTMX),
    }


@pytest.fixture
def programmes(db):
    """Both programmes with their world, their accounts and every matrix's records; the second
    world shares the first's porteur and own structure."""
    built = {}
    shared = None
    for code, name in (("AIS-EMPLOI", "AIS#Emploi"), ("FANTOME", "Programme Fantôme")):
        programme = ProgrammeFactory(code=code, name=name)
        with scope.activate(programme):
            world = build_world(MARKS[code], REGISTRY[code], shared=shared)
            personas = build_personas(world)
            pages = every_page(world, personas)
            pseudonyms = list(Beneficiary.objects.values_list("pseudonym", flat=True))
        built[code] = (programme, personas, pages, pseudonyms)
        shared = shared or world
    return built


def readable(response):
    """What a response lets its reader see: its body (a zip's files unpacked), where it sends them,
    the name of a file it downloads."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    assert not (body[:4] == b"%PDF" and b"FlateDecode" in body), "a generated PDF: read its text to check it"
    headers = " ".join(response.get(h, "") for h in ("Location", "Content-Disposition", "HX-Redirect"))
    return body.decode("utf-8", errors="replace") + " " + headers


def records_of(programme):
    """Every record that belongs to `programme`, as rows, model by model."""
    rows = {}
    for model in apps.get_models():
        manager = model._default_manager
        if isinstance(manager, ScopedManager):
            found = model._base_manager.filter(**{manager.scope_path: programme.pk}).order_by("pk")
            rows[model._meta.label] = list(found.values())
    return rows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("reader,other", [("AIS-EMPLOI", "FANTOME"), ("FANTOME", "AIS-EMPLOI")])
def test_no_page_of_one_programme_shows_or_changes_the_others_records(client, programmes, reader, other, role):
    _, personas, _, _ = programmes[reader]
    other_programme, _, other_pages, other_people = programmes[other]
    secrets = [MARKS[other].strip(), *other_people]
    if role not in SEE_THE_REGISTRY:
        secrets.append(REGISTRY[other].strip())
    before = records_of(other_programme)
    user = personas[role]
    failures = []
    for name, (method, url, *headers) in sorted(other_pages.items()):
        if user is not None:
            client.force_login(user)
        else:  # a visitor reads the public pages of the programme they chose
            client.logout()
            client.post(reverse("programmes:switch"), {"programme": reader})
        try:
            response = getattr(client, method)(url, **(headers[0] if headers else {}))
        except Exception as error:  # a crash is a failure of this pair, reported with the others
            failures.append(f"{name} {url}: {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            failures.append(f"{name} {url}: {response.status_code}")
            continue
        text = readable(response)
        shown = [secret for secret in secrets if secret in text]
        if shown:
            failures.append(f"{name} {url}: {response.status_code} shows {shown}")
    assert records_of(other_programme) == before, "a request changed the other programme's records"
    assert not failures, "\n".join(failures)
    matrix_pages = [name for name in other_pages if not name.startswith("searches:")]
    assert len(matrix_pages) == sum(len(matrix.EXPECTED) for matrix in MATRICES)  # every row of every matrix
