import pytest


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Uploaded files waiting for their confirmation go to a directory of the test's own."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path / "essaim-depots"
