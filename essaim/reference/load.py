"""The whole reference dataset, all or nothing: the programme (`loader.py`), then its embedded
evaluation (`grid_loader.py`) and its pipeline (`pipeline.py`), each building on `Loader`."""

from django.db import transaction

from essaim.reference.grid_loader import GridLoader
from essaim.reference.loader import DATA_FILE, GRIDS_FILE, PIPELINE_FILE, Loader
from essaim.reference.pipeline import PipelineLoader


def load_reference_data(path=DATA_FILE, grids_path=GRIDS_FILE, pipeline_path=PIPELINE_FILE):
    """Load the reference programme, then its embedded evaluation (`grids_path`, None to skip:
    plans, grids, ratings, findings) and its pipeline (`pipeline_path`, None to skip), all or
    nothing; return a Counter of (table, outcome) → count."""
    with transaction.atomic():
        report = Loader(path).load()
        if grids_path is not None:
            report.update(GridLoader(grids_path).load())
        if pipeline_path is not None:
            report.update(PipelineLoader(pipeline_path).load())
    return report
