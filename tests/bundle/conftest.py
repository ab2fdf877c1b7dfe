import pytest
from django.db import connection

from essaim.evaluation.staged_values import StagedValuesImport
from tests.bundle.helpers import counts, write_bundle


@pytest.fixture(params=["rows", "staged"], autouse=True)
def values_path(request, monkeypatch):
    """Every bundle test runs values.csv both ways: row by row, and staged in SQL (PostgreSQL
    only); they must give the same errors, plan and records."""
    if request.param == "rows":
        monkeypatch.setattr(StagedValuesImport, "staged", False)
    elif connection.vendor != "postgresql":
        pytest.skip("values.csv n'est importé en SQL que sur PostgreSQL")
    return request.param


@pytest.fixture
def bundle(tmp_path):
    return write_bundle(tmp_path)


@pytest.fixture
def before(db):
    """Row counts before the test's import, to assert that a failed import wrote nothing."""
    return counts()
