import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def waiting_files(tmp_path):
    """Uploads wait in a directory of the test's own."""
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        yield tmp_path
