"""The whole reference dataset, all or nothing: the programme (`loader.py`), then its embedded
evaluation (`grid_loader.py`) and its pipeline (`pipeline.py`), each building on `Loader`."""

import datetime

from django.db import transaction

from essaim.programmes import scope
from essaim.programmes.models import REFERENCE_CODE, REFERENCE_NAME, Programme
from essaim.reference.grid_loader import GridLoader
from essaim.reference.loader import DATA_FILE, GRIDS_FILE, PIPELINE_FILE, Loader
from essaim.reference.pipeline import PipelineLoader


def load_reference_data(path=DATA_FILE, grids_path=GRIDS_FILE, pipeline_path=PIPELINE_FILE):
    """Load the reference programme, then its embedded evaluation (`grids_path`, None to skip:
    plans, grids, ratings, findings) and its pipeline (`pipeline_path`, None to skip), all or
    nothing; return a Counter of (table, outcome) → count."""
    with transaction.atomic(), scope.activate(reference_programme()):
        report = Loader(path).load()
        if grids_path is not None:
            report.update(GridLoader(grids_path).load())
        if pipeline_path is not None:
            report.update(PipelineLoader(pipeline_path).load())
    return report


def reference_programme():
    """The programme the reference dataset describes (created on first load; its blank fields
    filled, as those of the programme the migrations made for an existing installation)."""
    programme, _ = Programme.objects.get_or_create(code=REFERENCE_CODE, defaults={"name": REFERENCE_NAME})
    blank = {field: value for field, value in REFERENCE_FIELDS.items() if not getattr(programme, field)}
    if blank:
        for field, value in blank.items():
            setattr(programme, field, value)
        programme.save(update_fields=list(blank))
    return programme


REFERENCE_FIELDS = {
    "name": REFERENCE_NAME,
    "operator": "Ansa",
    "starts_on": datetime.date(2015, 1, 1),
    "ends_on": datetime.date(2020, 12, 31),
    "public_intro": (
        "L'accélérateur d'innovation sociale AIS#Emploi, animé par l'Ansa de 2015 à 2020, a repéré "
        "des innovations locales qui ramènent vers l'emploi les personnes qui en sont durablement "
        "éloignées, les a essaimées dans d'autres structures et territoires, et a mesuré ce que "
        "l'essaimage a produit."
    ),
}
