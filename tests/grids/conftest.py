"""A grid on the shared world: ALPHA (adopted by « own » and « other ») rated on three steps of
the standard scale oui / en cours / non / non renseigné."""

from types import SimpleNamespace

import pytest

from essaim.grids.models import Grid, GridItem, Observation, Scale


@pytest.fixture
def grid(world):
    scale = Scale.objects.get(code="oui-en-cours-non")
    grid = Grid.objects.create(innovation=world.innovation, scale=scale, title="Étapes d'Alpha")
    items = [
        GridItem.objects.create(grid=grid, key=key, position=n, label=label)
        for n, (key, label) in enumerate(
            [("info", "Information interne"), ("plan", "Plan d'action"), ("lieu", "Ouverture du lieu")], start=1
        )
    ]
    levels = {level.label: level for level in scale.levels.all()}
    return SimpleNamespace(grid=grid, scale=scale, items=items, levels=levels, world=world)


def rate(grid, adoption, phase, labels, comments=None):
    """Store `labels` (one per item, None to leave an item unrated) for an adoption and phase."""
    for index, (item, label) in enumerate(zip(grid.items, labels, strict=False)):
        if label is None:
            continue
        Observation.objects.update_or_create(
            adoption=adoption,
            phase=phase,
            item=item,
            defaults={"level": grid.levels[label], "comment": (comments or {}).get(index, "")},
        )


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Uploaded files waiting for their confirmation go to a directory of the test's own."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path / "essaim-depots"
