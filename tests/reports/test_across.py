"""Several programmes side by side, for an account that belongs to them: each consolidated apart,
a total across them for the shared indicators only, never for a programme's own indicators nor
for counts of structures, which programmes share."""

import datetime
import re

import pytest
from django.urls import reverse

from essaim.evaluation.models import Indicator
from essaim.programmes import scope
from essaim.reports.across import side_by_side
from tests.evaluation.helpers import put
from tests.factories import ProgrammeFactory, UserFactory
from tests.worlds import build_world

DAY = datetime.date(2019, 6, 30)


@pytest.fixture
def two(db):
    """AIS#Emploi and a second programme; the own structure of ALPHA takes part in both. Each
    reports people reached; the second also has an indicator of its own."""
    first = ProgrammeFactory()
    second = ProgrammeFactory(code="OCC", name="Accélérateur Occitanie")
    with scope.activate(first):
        world = build_world()
        put(world.innovation, "people_reached", 30, structure=world.own.structure)
        put(world.innovation, "people_reached", 12, structure=world.other.structure)
    with scope.activate(second):
        other = build_world(" Occ", " Occ", shared=world)
        put(other.innovation, "people_reached", 5, structure=other.own.structure)
        put(other.innovation, "people_reached", "nc", structure=other.other.structure)
        Indicator.objects.create(code="meals", label="Repas servis", aggregation="sum")
        put(other.innovation, "meals", 400, structure=other.own.structure)
    return first, second


def cell(page, code, column):
    """The figure shown in the `column`-th cell (0-based; the last is the whole) of a measure's row."""
    cells = re.findall(rf'data-measure="{code}"[^>]*data-value="([^"]*)"', page)
    return cells[column]


def test_each_programme_is_consolidated_apart_and_shared_indicators_add_up(two):
    first, second = two
    found = side_by_side([first, second], DAY)
    people = next(line for line in found["indicators"] if line.code == "people_reached")
    assert [c.value for c in people.cells] == [42, 5]
    second_rows = found["columns"][1].table.rows
    alpha = next(r for r in second_rows if r.innovation.code == "ALPHA")
    assert alpha.cells["people_reached"].status == "partial"  # one structure of the second programme said nc
    assert people.across.value == 47 and people.across.status == "partial"
    assert (people.across.reported, people.across.expected) == (1, 4)  # innovations complete / in the tables
    assert all(line.code != "meals" for line in found["indicators"])  # a programme's own: never added
    own = {c.programme.code: [i.code for i, _ in c.own] for c in found["columns"]}
    assert own == {"AIS-EMPLOI": [], "OCC": ["meals"]}
    counts = {line.code: line for line in found["counts"]}
    assert [c.value for c in counts["structures_followed"].cells] == [2, 2]  # 3 structures, not 4
    assert counts["structures_followed"].across is None  # the own structure is in both
    assert counts["innovations"].across.value == 4


def test_a_funder_of_both_reads_them_side_by_side(two, client):
    first, second = two
    funder = UserFactory(funder=True, programmes=[first, second])
    client.force_login(funder)
    page = client.get(reverse("reports:across"), {"au": DAY.isoformat()}).content.decode()
    assert "AIS#Emploi" in page and "Accélérateur Occitanie" in page
    assert [cell(page, "people_reached", i) for i in range(3)] == ["42", "5", "47"]
    assert cell(page, "structures_followed", 2) == "—"  # the own structure is in both: not added up
    assert "Indicateurs propres à Accélérateur Occitanie" in page and "Repas servis" in page
    assert "Vos programmes côte à côte" in client.get(reverse("reports:consolidated")).content.decode()  # the menu


def test_one_programme_only_has_nothing_to_set_side_by_side(two, client):
    first, _ = two
    client.force_login(UserFactory(funder=True, programmes=[first]))
    assert client.get(reverse("reports:across")).status_code == 403
    assert "Vos programmes côte à côte" not in client.get(reverse("reports:consolidated")).content.decode()
    client.logout()
    assert client.get(reverse("reports:across")).status_code == 302
