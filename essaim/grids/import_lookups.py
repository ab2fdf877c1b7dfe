"""What an import of grids and ratings looks up: scales, grids, items and ratings by code."""

from essaim.grids.models import Grid, GridItem, Observation, Scale


class GridLookups:
    """Scales, grids, items and ratings read once per import; grids.csv adds what it declares,
    so that observations.csv may refer to it before anything is written."""

    def __init__(self):
        self.scales = {s.code: s for s in Scale.objects.all()}
        self.levels = {}  # scale id → [levels in order]
        for scale in self.scales.values():
            self.levels[scale.pk] = list(scale.levels.all())
        self.grids = {g.innovation.code: g for g in Grid.objects.select_related("innovation", "scale")}
        self.items = {}
        for item in GridItem.objects.select_related("grid__innovation"):
            self.items[(item.grid.innovation.code, item.key)] = item
        self.rated_grids = set(Observation.objects.values_list("item__grid_id", flat=True).distinct())
        self.observations = None  # read by observations.csv when it needs them

    def items_of(self, code):
        return sorted((item for (c, _), item in self.items.items() if c == code), key=lambda i: (i.position, i.key))


def grid_lookups(lookups):
    """The grid part of an import's lookups (created on first use)."""
    if getattr(lookups, "grid_data", None) is None:
        lookups.grid_data = GridLookups()
    return lookups.grid_data
