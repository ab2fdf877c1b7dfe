"""The consolidation engine inside one programme of two: the same shared indicators, a structure
in both, values for the innovations as a whole in both; each programme's table holds its own
figures only, and its raw SQL (PostgreSQL) leaves the other programme's values unread."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essaim.evaluation.consolidation import consolidate
from essaim.programmes import scope
from tests.evaluation.helpers import put
from tests.factories import ProgrammeFactory
from tests.worlds import build_world

DAY = datetime.date(2019, 6, 30)


@pytest.fixture
def two(db):
    first, second = ProgrammeFactory(), ProgrammeFactory(code="OCC", name="Accélérateur Occitanie")
    with scope.activate(first):
        world = build_world()
        put(world.innovation, "people_reached", 30, structure=world.own.structure)
        put(world.innovation, "returns_to_employment", 7)  # the innovation as a whole
    with scope.activate(second):
        other = build_world(" Occ", " Occ", shared=world)
        put(other.innovation, "people_reached", 500, structure=other.own.structure)  # the same structure
        put(other.innovation, "returns_to_employment", 90)
    return first, second


def totals(programme):
    with scope.activate(programme), CaptureQueriesContext(connection) as queries:
        table = consolidate(DAY)
    figures = {code: table.total[code].value for code in ("people_reached", "returns_to_employment")}
    return figures, [row.innovation.name for row in table.rows], " ".join(q["sql"] for q in queries)


def test_each_programme_consolidates_its_own_values_only(two):
    first, second = two
    figures, rows, sql = totals(first)
    assert figures == {"people_reached": 30, "returns_to_employment": 7} and rows == ["Alpha", "Bêta"]
    figures, rows, sql = totals(second)
    assert figures == {"people_reached": 500, "returns_to_employment": 90} and rows == ["Alpha Occ", "Bêta Occ"]
    if connection.vendor == "postgresql":
        assert "WHERE programme_id = " in sql  # the other programme's values left unread
