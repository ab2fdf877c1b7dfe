"""Small-cell suppression: primary and complementary, in every page, export and answer, and no
recovery of a suppressed cell by differencing two tables."""

import csv
import datetime
import io
import itertools

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from essaim.followup.enums import Sex, SubType
from essaim.followup.outcomes import compute
from essaim.followup.suppression import SUPPRESSED, Protector
from essaim.followup.viewer import Viewer
from tests.followup.helpers import crowd

AS_OF = datetime.date(2020, 6, 30)


def derivable(published, lines, unknowns):
    """The unknown cells that the published values and the lines fix exactly, found by a rank test
    (independent of the module's null-space check): cell i is fixed iff adding the row e_i does
    not raise the rank of the system."""
    index = {k: n for n, k in enumerate(unknowns)}
    rows = []
    for total, parts in lines:
        row = np.zeros(len(unknowns))
        if total in index:
            row[index[total]] -= 1
        for part in parts:
            if part in index:
                row[index[part]] += 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    fixed = set()
    for key, n in index.items():
        unit = np.zeros(len(unknowns))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            fixed.add(key)
    return fixed


def test_primary_and_complementary_suppression_on_one_line():
    protector = Protector(5)
    for key, value in {"total": 25, "a": 3, "b": 10, "c": 12, "zero": 0}.items():
        protector.add(key, value)
    protector.line("total", ["a", "b", "c", "zero"])
    hidden = protector.solve()
    assert "a" in hidden  # 3 < 5
    assert "b" in hidden  # else a = 25 - 10 - 12 - 0
    assert "c" not in hidden and "zero" not in hidden and "total" not in hidden
    assert not derivable({}, protector.lines, sorted(hidden))


def test_hidden_cells_add_up_to_the_threshold_at_least():
    protector = Protector(5)
    for key, value in {"total": 30, "a": 1, "b": 2, "c": 27}.items():
        protector.add(key, value)
    protector.line("total", ["a", "b", "c"])
    hidden = protector.solve()
    # a and b are both small: hiding only them would publish a + b = 3.
    assert hidden == {"a", "b", "c"}


def test_brute_force_finds_several_solutions_for_every_small_cell():
    """A 3 × 3 table with margins, solved by enumeration: every suppressed small cell can take
    several values consistent with what is published."""
    grid = [[3, 8, 9], [7, 2, 11], [10, 12, 6]]
    protector = Protector(5)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            protector.add((r, c), value)
        protector.add((r, "T"), sum(row))
        protector.line((r, "T"), [(r, c) for c in range(3)])
    for c in range(3):
        protector.add(("T", c), sum(row[c] for row in grid))
        protector.line(("T", c), [(r, c) for r in range(3)])
    protector.add(("T", "T"), sum(map(sum, grid)))
    protector.line(("T", "T"), [("T", c) for c in range(3)])
    protector.line(("T", "T"), [(r, "T") for r in range(3)])
    hidden = sorted(protector.solve(), key=repr)
    shown = {k: c.value for k, c in protector.cells.items() if k not in hidden}
    solutions = []
    for values in itertools.product(range(0, 21), repeat=len(hidden)):
        cells = {**shown, **dict(zip(hidden, values, strict=True))}
        if all(cells[t] == sum(cells[p] for p in parts) for t, parts in protector.lines):
            solutions.append(dict(zip(hidden, values, strict=True)))
    for key in [(0, 0), (1, 1)]:
        assert key in hidden
        assert len({s[key] for s in solutions}) > 1, key


@pytest.fixture
def alpha(world):
    """ALPHA: 3 women and 12 men at 12 months; BETA: 20 people."""
    s, i = world.own.structure, world.innovation
    crowd(s, i, 2, [(12, SubType.CDI)], sex=Sex.FEMALE)
    crowd(s, i, 1, [(12, SubType.UNEMPLOYMENT)], sex=Sex.FEMALE)
    crowd(world.other.structure, i, 7, [(12, SubType.CDI)], sex=Sex.MALE)
    crowd(world.other.structure, i, 5, [(12, SubType.UNEMPLOYMENT)], sex=Sex.MALE)
    crowd(world.foreign.structure, world.unrelated, 20, [(12, SubType.CDI)], sex=Sex.MALE)
    return world


def api(client, **params):
    response = client.get(reverse("followup:outcomes_api"), {"au": AS_OF.isoformat(), **params})
    assert response.status_code == 200
    return response.json()


def cells_of(answer, prefix):
    """{(prefix, row label, column): value or None}: every count of an API answer."""
    found = {}
    for line in [*answer["lines"], answer["total"]]:
        label = "TOTAL" if line["total"] else line["label"]
        found[(prefix, label, "entered")] = line["entered"]
        for h, block in line["horizons"].items():
            for column, value in block["counts"].items():
                found[(prefix, label, f"{h}:{column}")] = value
    return found


SUMS = {
    "observed": ("durable", "transition", "positive", "other", "ongoing", "withdrawn"),
    "base": ("durable", "transition", "positive", "other", "ongoing"),
    "dynamic": ("durable", "transition", "positive"),
    "employment": ("durable", "transition"),
    "exits": ("durable", "transition", "positive", "other"),
}


def table_lines(cells, prefix):
    """The additive relations a reader knows between the cells of one answer."""
    labels = {k[1] for k in cells if k[0] == prefix}
    columns = {k[2] for k in cells if k[0] == prefix}
    lines = []
    for column in columns:
        lines.append(((prefix, "TOTAL", column), [(prefix, label, column) for label in labels if label != "TOTAL"]))
    for label in labels:
        for h in ("6", "12", "18"):
            for total, parts in SUMS.items():
                lines.append(((prefix, label, f"{h}:{total}"), [(prefix, label, f"{h}:{p}") for p in parts]))
    return lines


def test_a_funder_cannot_recover_a_small_cell_by_differencing_two_tables(client, alpha, personas):
    client.force_login(personas["funder"])
    by_innovation = api(client)
    by_sex = api(client, innovation="ALPHA", ventilation="sex")
    assert by_sex["exact"] is False
    women = next(line for line in by_sex["lines"] if line["label"] == "Femme")
    assert women["entered"] is None and "entered" in women["secret"]  # 3 women: suppressed
    assert women["horizons"]["12"]["counts"]["durable"] is None  # 2 women in a durable job
    # The attack: ALPHA's row of the first table is the total of the second.
    a, b = cells_of(by_innovation, "A"), cells_of(by_sex, "B")
    lines = table_lines(a, "A") + table_lines(b, "B")
    for column in {k[2] for k in b}:
        lines.append((("A", "Alpha", column), [("B", "TOTAL", column)]))
    cells = {**a, **b}
    unknowns = sorted((k for k, v in cells.items() if v is None), key=repr)
    fixed = derivable(cells, lines, unknowns)
    assert ("B", "Femme", "entered") not in fixed
    assert ("B", "Femme", "12:durable") not in fixed
    assert ("B", "Femme", "12:other") not in fixed
    # Without protection the same difference would give the women away: the attack is real.
    exact = compute(AS_OF, breakdown="innovation", viewer=Viewer(exact=True))
    exact_sex = compute(AS_OF, breakdown="sex", innovation=alpha.innovation, viewer=Viewer(exact=True))
    alpha_line = next(line for line in exact.lines if line.key[0] == alpha.innovation.pk)
    men = next(line for line in exact_sex.lines if line.label == "Homme")
    assert alpha_line.entered.value - men.entered.value == 3


def test_every_page_export_and_answer_hides_the_same_cells(client, alpha, personas):
    client.force_login(personas["funder"])
    params = {"au": AS_OF.isoformat(), "innovation": "ALPHA", "ventilation": "sex", "echeance": "12"}
    answer = api(client, innovation="ALPHA", ventilation="sex")
    women = next(line for line in answer["lines"] if line["label"] == "Femme")
    secret_columns = {c for c, v in women["horizons"]["12"]["counts"].items() if v is None}
    assert {"durable", "other"} <= secret_columns
    page = client.get(reverse("followup:outcomes"), params).content.decode()
    row = page[page.index('<th scope="row">Femme</th>') :]
    row = row[: row.index("</tr>")]
    assert "secret" in row and ">3<" not in row
    csv_text = client.get(reverse("followup:outcomes_export"), {**params, "format": "csv"}).content.decode()
    rows = {r[0]: r for r in csv.reader(io.StringIO(csv_text))}
    header = next(csv.reader(io.StringIO(csv_text)))
    assert rows["Femme"][header.index("Entrées")] == "secret"
    assert rows["Femme"][header.index("Emploi durable")] == "secret"
    workbook = load_workbook(io.BytesIO(client.get(reverse("followup:outcomes_export"), params).content))
    sheet = workbook["12 mois"]
    values = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["Femme"][1] == "secret"
    assert "secret" in values["Femme"]


def test_the_programme_team_reads_exact_figures_and_can_look_as_a_funder(client, alpha, personas):
    client.force_login(personas["team"])
    answer = api(client, innovation="ALPHA", ventilation="sex")
    assert answer["exact"] is True
    women = next(line for line in answer["lines"] if line["label"] == "Femme")
    assert women["entered"] == 3
    masked = api(client, innovation="ALPHA", ventilation="sex", masque="1")
    assert next(line for line in masked["lines"] if line["label"] == "Femme")["entered"] is None


def test_a_member_reads_its_own_people_exactly_and_others_protected(client, alpha, personas):
    client.force_login(personas["member"])
    own = api(client, structure=str(alpha.own.structure.pk))
    assert own["exact"] is True and own["total"]["entered"] == 3
    programme = api(client, innovation="ALPHA", ventilation="sex")
    assert programme["exact"] is False
    # The member knows its 3 women: the men (all from the other structure) stay protected against
    # « ALPHA minus my own people ».
    men = next(line for line in programme["lines"] if line["label"] == "Homme")
    women = next(line for line in programme["lines"] if line["label"] == "Femme")
    assert (
        women["entered"] is None
        or men["entered"] is None
        or programme["total"]["entered"] is None
        or (men["entered"] >= 5)
    )


def test_the_threshold_is_a_setting(alpha, settings):
    settings.SMALL_CELL_THRESHOLD = 2
    result = compute(AS_OF, breakdown="sex", innovation=alpha.innovation, viewer=Viewer())
    women = next(line for line in result.lines if line.label == "Femme")
    assert women.entered.value == 3  # 3 ≥ 2: shown
    settings.SMALL_CELL_THRESHOLD = 5
    result = compute(AS_OF, breakdown="sex", innovation=alpha.innovation, viewer=Viewer())
    assert next(line for line in result.lines if line.label == "Femme").entered.secret


def test_the_bridge_hides_small_computed_counts(client, alpha, personas):
    client.force_login(personas["funder"])
    page = client.get(reverse("followup:bridge"), {"au": AS_OF.isoformat()}).content.decode()
    assert "Secret statistique" in page
    client.force_login(personas["team"])
    page = client.get(reverse("followup:bridge"), {"au": AS_OF.isoformat()}).content.decode()
    assert "Secret statistique" not in page
    assert "Structure membre" in page  # the team reads the structures' rows


def test_suppressed_state_constant(alpha):
    assert SUPPRESSED == "suppressed"
