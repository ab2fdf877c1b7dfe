"""Ten confirmations of one upload sent at once (a double click, several tabs) against a running
server, for each of the three upload pages: one of them imports the file, once; the others are
told in French that it is already saved (or was saved at the same moment). Never an error page,
never the rows or their history twice. Then ten browsers that each checked the same file (ten
files waiting) confirm together: the values are still saved once."""

import io
from collections import Counter

import openpyxl
import pytest
from django.urls import reverse

from essaim.evaluation.models import Value
from essaim.followup.enums import Action
from essaim.followup.models import AccessLog, Beneficiary, Enrolment, Situation
from essaim.grids.models import Grid, GridItem, Observation, Scale
from essaim.imports.upload_flow import AT_ONCE, GONE
from tests.concurrency import at_once, form_holding, log_in, serving
from tests.evaluation.helpers import put
from tests.evaluation.template_helpers import PERIOD, fill, key, xlsx_bytes
from tests.followup.test_import import PEOPLE
from tests.grids.test_files import fill as fill_ratings
from tests.worlds import build_personas, build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]
CONFIRMATIONS = 10
GONE_AT_ONCE = {"already saved", "saved at the same moment"}


@pytest.fixture
def waiting(settings, tmp_path):
    """Uploads wait in a directory of the test's own."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def team(waiting):
    world = build_world()
    return world, build_personas(world)["team"]


def said(page, saved):
    """What the page the confirmation led to tells the user."""
    found = {
        "saved": saved in page,
        "already saved": GONE in page,
        "saved at the same moment": AT_ONCE in page,
        "database is locked": "database is locked" in page,
    }
    told = [what for what, shown in found.items() if shown]
    assert len(told) == 1, (told, page[:3000])
    return told[0]


def confirm_at_once(browser, dry_run):
    """The confirmation form of the dry run's page, sent by ten tabs of one session at once.
    Returns, for each tab, (the confirmation's response, the page it led to)."""
    assert dry_run.status == 200, dry_run.text[:3000]
    action, fields = form_holding(dry_run.text, "jeton")

    def send(i, ready):
        tab = browser.tab()
        tab.connect()
        ready()
        sent = tab.post(action, fields)
        shown = tab.follow(sent)
        return sent, shown

    return at_once(CONFIRMATIONS, send)


def check_outcome(results, saved):
    statuses = sorted(sent.status for sent, _ in results)
    assert set(statuses) <= {200, 302}, statuses  # never a 500
    assert all(shown.status == 200 for _, shown in results)
    told = Counter(said(shown.text, saved) for _, shown in results)
    assert told["saved"] == 1, told
    assert set(told) - {"saved"} <= GONE_AT_ONCE, told
    slowest = max(sent.seconds for sent, _ in results)
    print(
        f"statuses {dict(Counter(statuses))}, pages {dict(told)}, slowest confirmation {slowest:.2f} s"
    )  # -s shows it


def history(model):
    return model.history.model.objects.count()


def test_figures(request, tmp_path, team):
    world, user = team
    put(world.innovation, "people_reached", 10, structure=world.own.structure)  # to be changed
    own, other = key(world.own.structure), key(world.other.structure)
    upload = reverse("evaluation:figures_upload", args=["ALPHA"]) + f"?periode={PERIOD.isoformat()}"
    template = reverse("evaluation:figures_template", args=["ALPHA"]) + f"?periode={PERIOD.isoformat()}"
    with serving(request, tmp_path) as site:
        browser = log_in(site.url, user.email)
        book = openpyxl.load_workbook(io.BytesIO(browser.get(template).content))
        content = xlsx_bytes(
            fill(
                book, {(own, "people_reached"): 36, (own, "returns_to_employment"): "nc", (other, "people_reached"): 5}
            )
        )
        browser.get(upload)
        dry_run = browser.post(upload, {}, files={"fichier": ("chiffres.xlsx", content)})
        assert "Enregistrer ces 3 valeurs" in dry_run.text, dry_run.text[:3000]
        results = confirm_at_once(browser, dry_run)
        with site.reading():
            check_outcome(results, "« chiffres.xlsx » : 3 valeurs enregistrées (2 nouvelles, 1 modifiée)")
            assert Value.objects.count() == 3
            assert history(Value) == 2  # the changed value: as it was entered, then its change


def concurrent_outcome(page):
    """What a confirmation of its own file tells the one who came second."""
    for what, text in [
        ("saved", "« chiffres.xlsx » : 3 valeurs enregistrées (2 nouvelles, 1 modifiée)"),
        ("nothing left", "« chiffres.xlsx » : 0 valeur enregistrée (0 nouvelle, 0 modifiée)"),
        ("saved at the same moment", AT_ONCE),
        # The import's own answer to a key saved meanwhile (imports/run.py): the page of the dry
        # run, with the database's words, and nothing written.
        ("refused by the database", "écriture refusée par la base, rien n'a été importé"),
    ]:
        if text in page:
            return what
    raise AssertionError(page[:3000])


def test_figures_checked_in_ten_browsers(request, tmp_path, team):
    """Ten people (or browsers) check the same file, then confirm together: each holds a file of
    its own, so each import runs; the database keeps the values once, and whoever comes second
    is told that the same rows were saved at the same moment (or, once they are saved, that the
    file changes nothing more)."""
    world, user = team
    put(world.innovation, "people_reached", 10, structure=world.own.structure)
    own, other = key(world.own.structure), key(world.other.structure)
    upload = reverse("evaluation:figures_upload", args=["ALPHA"]) + f"?periode={PERIOD.isoformat()}"
    template = reverse("evaluation:figures_template", args=["ALPHA"]) + f"?periode={PERIOD.isoformat()}"
    with serving(request, tmp_path) as site:
        browser = log_in(site.url, user.email)
        book = openpyxl.load_workbook(io.BytesIO(browser.get(template).content))
        content = xlsx_bytes(
            fill(
                book, {(own, "people_reached"): 36, (own, "returns_to_employment"): "nc", (other, "people_reached"): 5}
            )
        )

        def send(i, ready):
            tab = log_in(site.url, user.email)
            tab.get(upload)
            action, fields = form_holding(
                tab.post(upload, {}, files={"fichier": ("chiffres.xlsx", content)}).text, "jeton"
            )
            tab.connect()
            ready()
            sent = tab.post(action, fields)
            return sent, tab.follow(sent)

        results = at_once(CONFIRMATIONS, send)
        with site.reading():
            statuses = sorted(sent.status for sent, _ in results)
            assert set(statuses) <= {200, 302, 400}, statuses  # never a 500
            told = Counter(concurrent_outcome(shown.text) for _, shown in results)
            assert told["saved"] == 1, told
            print(f"statuses {dict(Counter(statuses))}, pages {dict(told)}")
            assert Value.objects.count() == 3
            assert history(Value) == 2


def rating_grid(world):
    """ALPHA rated on three steps of the standard scale oui / en cours / non (tests/grids)."""
    grid = Grid.objects.create(innovation=world.innovation, scale=Scale.objects.get(code="oui-en-cours-non"))
    for n, item in enumerate(["info", "plan", "lieu"], start=1):
        GridItem.objects.create(grid=grid, key=item, position=n, label=item.capitalize())
    return grid


def test_ratings(request, tmp_path, team):
    world, user = team
    grid = rating_grid(world)
    Observation.objects.create(  # to be changed
        adoption=world.own, phase=1, item=grid.items.get(key="info"), level=grid.scale.levels.get(label="oui")
    )
    upload = reverse("grids:upload", args=["ALPHA"]) + "?phase=1"
    template = reverse("grids:template", args=["ALPHA"]) + "?phase=1"
    own, other = world.own.structure.name, world.other.structure.name
    with serving(request, tmp_path) as site:
        browser = log_in(site.url, user.email)
        book = openpyxl.load_workbook(io.BytesIO(browser.get(template).content))
        content = fill_ratings(book, {(own, "info"): "non", (own, "plan"): "en cours", (other, "info"): "oui"})
        browser.get(upload)
        dry_run = browser.post(upload, {}, files={"fichier": ("notes.xlsx", content)})
        results = confirm_at_once(browser, dry_run)
        with site.reading():
            check_outcome(results, "« notes.xlsx » : 3 notes enregistrées (2 nouvelles, 1 modifiée)")
            assert Observation.objects.count() == 3
            assert history(Observation) == 4  # three entered, one changed


def test_people(request, tmp_path, team):
    world, user = team
    structure = world.own.structure
    upload = reverse("followup:upload", args=[structure.pk])
    with serving(request, tmp_path) as site:
        browser = log_in(site.url, user.email)
        browser.get(upload)
        dry_run = browser.post(upload, {}, files={"fichier": ("personnes.csv", PEOPLE.encode())})
        results = confirm_at_once(browser, dry_run)
        with site.reading():
            check_outcome(results, "« personnes.csv » enregistré : 2 ligne(s) nouvelle(s), 0 modifiée(s).")
            assert (Beneficiary.objects.count(), Enrolment.objects.count(), Situation.objects.count()) == (2, 2, 2)
            assert AccessLog.objects.filter(action=Action.IMPORT).count() == 1
            assert [history(model) for model in (Beneficiary, Enrolment, Situation)] == [0, 0, 0]
