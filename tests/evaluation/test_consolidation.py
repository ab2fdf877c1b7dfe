import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from essaim.core.history import record
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import parse_value
from essaim.reference.load import load_reference_data
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory

D = datetime.date
AS_OF = D(2019, 3, 31)

# Annexe I, « Résultats début 2019 »: structures, people, DELD back in work, professionals, companies.
ANNEXE_I = {
    "VITA-AIR": (11, 474, "nc", 45, 79),
    "PARCOURS-GARDIEN": (16, 36, 28, 90, 30),
    "TAPAJ": (40, 350, "nc", 114, 37),
    "SOLENI": (2, 8, "nc", 6, 2),
    "RALLYES": (7, 120, "ne", 72, 48),
    "LREF": (9, 70, "ne", 27, 18),
    "JEUNESS": (0, 0, 0, 0, 0),
    "ACOR": (0, 0, 0, 0, 0),
}
COLUMNS = [
    "structures_reached",
    "people_reached",
    "returns_to_employment",
    "professionals_involved",
    "companies_involved",
]


@pytest.fixture
def annexe(db):
    load_reference_data()
    return consolidate(AS_OF).as_dict()


def test_annexe_i_is_reproduced_cell_for_cell(annexe):
    rows = {row["innovation"]: row["cells"] for row in annexe["rows"]}
    assert set(rows) == set(ANNEXE_I)
    for code, figures in ANNEXE_I.items():
        for indicator, expected in zip(COLUMNS, figures, strict=True):
            cell = rows[code][indicator]
            if isinstance(expected, str):
                assert (cell["value"], cell["status"]) == (None, expected), (code, indicator)
            else:
                assert (cell["value"], cell["status"]) == (expected, "value"), (code, indicator)
            assert cell["source"] == "innovation"


def test_annexe_i_totals(annexe):
    total = annexe["total"]
    assert total["structures_reached"] == {"value": 85, "status": "value"}
    assert total["people_reached"] == {"value": 1058, "status": "value"}
    assert total["returns_to_employment"] == {"value": 28, "status": "partial"}
    assert total["professionals_involved"] == {"value": 354, "status": "value"}
    assert total["companies_involved"] == {"value": 214, "status": "value"}
    assert total["people_involved_total"] == {"value": 1412, "status": "value"}
    assert total["people_per_structure"] == {"value": 12.4, "status": "value"}


def test_later_figures_come_at_their_own_dates(db):
    load_reference_data()
    rows = {r["innovation"]: r["cells"] for r in consolidate(D(2019, 12, 31)).as_dict()["rows"]}
    assert rows["RALLYES"]["people_reached"]["value"] == 89
    assert rows["RALLYES"]["companies_involved"]["value"] == 81
    before = {r["innovation"]: r["cells"] for r in consolidate(D(2019, 2, 1)).as_dict()["rows"]}
    assert before["LREF"]["returns_to_employment"] == {
        "value": 33,
        "status": "value",
        "reported": 1,
        "expected": 1,
        "source": "innovation",
    }


def test_command_prints_json_and_csv(db):
    load_reference_data()
    out = StringIO()
    call_command("consolidated_table", as_of="2019-03-31", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["as_of"] == "2019-03-31"
    assert data["indicators"][:2] == ["structures_reached", "people_reached"]
    out = StringIO()
    call_command("consolidated_table", as_of="2019-03-31", format="csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "date,innovation,indicateur,libellé de l'indicateur,valeur,statut,unités déclarées,unités attendues,origine"
    )
    returns, total = (
        Indicator.objects.get(code="returns_to_employment"),
        Indicator.objects.get(code="people_involved_total"),
    )
    assert f"2019-03-31,VITA-AIR,returns_to_employment,{returns.label},nc,Non communiqué,0,1,innovation" in lines
    assert f"2019-03-31,TOTAL,people_involved_total,{total.label},1412,Complet,,," in lines


# -- the rules, on small worlds -----------------------------------------------------------


@pytest.fixture
def world(db):
    innovation = InnovationFactory(code="ALPHA")
    adoptions = [AdoptionFactory(innovation=innovation, since=D(2016, 1, 1)) for _ in range(3)]
    for adoption in adoptions:
        record(StatusChange, adoption, "selected", D(2016, 1, 1))
    return innovation, adoptions


def put(innovation, indicator, end, raw, structure=None, start=None):
    kind, number = parse_value(raw)
    Value.objects.create(
        innovation=innovation,
        structure=structure,
        indicator=Indicator.objects.get(code=indicator),
        period_start=start,
        period_end=end,
        kind=kind,
        number=number,
    )


LATER = D(2020, 1, 1)


def cell(indicator, as_of=LATER, **kwargs):
    table = consolidate(as_of, **kwargs)
    return table.rows[0].cells[indicator] if table.rows else None


def test_last_takes_each_units_latest_value(world):
    innovation, (a, b, c) = world
    put(innovation, "people_reached", D(2017, 1, 31), 5, a.structure)
    put(innovation, "people_reached", D(2018, 1, 31), 8, a.structure)
    put(innovation, "people_reached", D(2018, 1, 31), 4, b.structure)
    put(innovation, "people_reached", D(2017, 6, 30), 2, c.structure)
    result = cell("people_reached")
    assert (result.value, result.status, result.reported, result.expected) == (14, "value", 3, 3)
    earlier = cell("people_reached", as_of=D(2017, 12, 31))
    assert (earlier.value, earlier.status, earlier.reported) == (7, "partial", 2)


def test_nc_and_ne_never_enter_a_sum_and_are_counted(world):
    innovation, (a, b, c) = world
    put(innovation, "people_reached", D(2018, 1, 31), 8, a.structure)
    put(innovation, "people_reached", D(2018, 1, 31), "nc", b.structure)
    put(innovation, "people_reached", D(2018, 1, 31), "ne", c.structure)
    result = cell("people_reached")
    assert (result.value, result.status, result.reported, result.expected, result.nc, result.ne) == (
        8,
        "partial",
        1,
        3,
        1,
        1,
    )


@pytest.mark.parametrize(
    "raws, status", [(["nc", "nc", "nc"], "nc"), (["ne", "ne"], "ne"), (["nc", "ne"], "nc"), ([], "missing")]
)
def test_cells_without_any_number(world, raws, status):
    innovation, adoptions = world
    for adoption, raw in zip(adoptions, raws, strict=False):
        put(innovation, "people_reached", D(2018, 1, 31), raw, adoption.structure)
    result = cell("people_reached")
    assert (result.value, result.status) == (None, status)


def test_an_innovation_value_supersedes_its_structures(world):
    innovation, (a, b, c) = world
    put(innovation, "people_reached", D(2018, 1, 31), 8, a.structure)
    put(innovation, "people_reached", D(2018, 12, 31), 30)
    result = cell("people_reached")
    assert (result.value, result.status, result.source) == (30, "value", "innovation")


def test_abandoned_and_candidate_structures_are_not_expected(world):
    innovation, (a, b, c) = world
    record(StatusChange, b, "abandoned", D(2017, 1, 1))
    put(innovation, "people_reached", D(2018, 1, 31), 8, a.structure)
    put(innovation, "people_reached", D(2018, 1, 31), 2, c.structure)
    result = cell("people_reached")
    assert (result.value, result.status, result.expected) == (10, "value", 2)  # b is no longer expected
    at_start = cell("people_reached", as_of=D(2016, 6, 1))
    assert at_start.expected == 3


def test_a_structure_that_abandoned_keeps_what_it_reported(world):
    """What happened stays counted: b's people were reached, whatever it made of the innovation
    later; it is a unit of the cell because it reported, though no longer expected."""
    innovation, (a, b, c) = world
    put(innovation, "people_reached", D(2016, 12, 31), 5, b.structure)
    record(StatusChange, b, "abandoned", D(2017, 1, 1))
    put(innovation, "people_reached", D(2018, 1, 31), 8, a.structure)
    put(innovation, "people_reached", D(2018, 1, 31), 2, c.structure)
    result = cell("people_reached")
    assert (result.value, result.status, result.reported, result.expected) == (15, "value", 3, 3)


def test_sum_adds_up_periods_from_a_start_date(world):
    innovation, (a, b, c) = world
    Indicator.objects.create(code="hires", label="Embauches", aggregation="sum")
    for month in (1, 2, 3):
        put(innovation, "hires", D(2018, month, 28), month, a.structure)
    put(innovation, "hires", D(2018, 2, 28), "nc", b.structure)
    put(innovation, "hires", D(2018, 3, 28), 4, b.structure)
    result = cell("hires")
    assert (result.value, result.status, result.reported, result.expected) == (10, "partial", 2, 3)
    from_feb = cell("hires", start=D(2018, 2, 1))
    assert from_feb.value == 9


def test_rows_are_innovations_with_adoptions_or_values(world):
    innovation, _ = world
    InnovationFactory(code="EMPTY")
    only_values = InnovationFactory(code="VALUES")
    put(only_values, "people_reached", D(2018, 1, 31), 3)
    codes = [row.innovation.code for row in consolidate(D(2020, 1, 1)).rows]
    assert sorted(codes) == ["ALPHA", "VALUES"]
    assert [row.innovation.code for row in consolidate(D(2015, 1, 1)).rows] == []


def test_derived_indicators_come_from_consolidated_figures(world):
    innovation, (a, b, c) = world
    put(innovation, "people_reached", D(2018, 1, 31), 30)
    put(innovation, "professionals_involved", D(2018, 1, 31), "nc")
    put(innovation, "structures_reached", D(2018, 1, 31), 0)
    table = consolidate(D(2020, 1, 1))
    cells = table.rows[0].cells
    assert (cells["people_involved_total"].value, cells["people_involved_total"].status) == (30, "partial")
    assert (cells["people_per_structure"].value, cells["people_per_structure"].status) == (None, "missing")


def test_one_innovation_s_rows_are_those_of_the_whole_table(db):
    from essaim.innovations.models import Innovation

    load_reference_data()
    for day in (datetime.date(2018, 6, 30), datetime.date(2019, 3, 31), datetime.date(2020, 6, 30)):
        whole = {row.innovation.code: row.cells for row in consolidate(day).rows}
        for innovation in Innovation.objects.all():
            alone = consolidate(day, innovations=[innovation])
            if innovation.code in whole:
                (row,) = alone.rows
                assert row.cells == whole[innovation.code], (day, innovation.code)
            else:
                assert alone.rows == []
