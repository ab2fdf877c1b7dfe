import pytest

from tests.bundle.helpers import counts, write_bundle


@pytest.fixture(autouse=True)
def both_values_paths(values_path):
    """Every bundle test runs values.csv both ways (tests/conftest.py: `values_path`)."""
    return values_path


@pytest.fixture
def bundle(tmp_path):
    return write_bundle(tmp_path)


@pytest.fixture
def before(db):
    """Row counts before the test's import, to assert that a failed import wrote nothing."""
    return counts()
