"""Export one programme as a bundle: one CSV per file, rows sorted by their natural key, so that
export → import into an empty database → export gives byte-identical files. programme.csv names
the programme; the structures are the shared registry's."""

from pathlib import Path

from django.db import transaction

from essaim.bundle import (
    activities,
    adoptions,
    attendance,
    events,
    grids,
    indicators,
    innovations,
    programme,
    structures,
)
from essaim.evaluation import values_csv
from essaim.grids import observations_csv
from essaim.imports.export import write_csv

EXPORTS = [
    programme,
    structures,
    innovations,
    indicators,
    adoptions,
    values_csv,
    grids,
    observations_csv,
    activities,
    attendance,
    events,
]


def export_bundle(directory):
    """Write the current programme's bundle into `directory` (created if needed); return
    {file: rows written}. Read-only: every structure has its stable identifier from its creation."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        counts = {
            module.FILE: write_csv(directory / module.FILE, module.HEADER, module.export_rows()) for module in EXPORTS
        }
    return counts
