"""grids.csv: innovation, item, order, label, scale (+ description, data_source, grid_title).

One row per item of an innovation's grid. Every row of an innovation names the same scale (and
the same grid title); a grid that already holds ratings cannot change scale. A new innovation
code in the file gets its grid; items are matched on (innovation, item) and never deleted.
Scales are referred to by code (the standard scales exist in every database, see
grids/standard.py).
"""

import re

from django.core.exceptions import ValidationError

from essaim.grids.import_lookups import grid_lookups
from essaim.grids.models import Grid, GridItem
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import MISSING, Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save

FILE = "grids.csv"
HEADER = ["innovation", "item", "order", "label", "scale", "description", "data_source", "grid_title"]
ITEM_KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MAX_ORDER = 999


def item_key(raw):
    if not raw:
        raise ValidationError(MISSING)
    if len(raw) > 60 or not ITEM_KEY.fullmatch(raw):
        raise ValidationError(
            f"identifiant d'élément « {raw} » invalide : minuscules sans accent, chiffres et tirets, "
            "60 caractères au plus (par exemple « installation-compair »)."
        )
    return raw


def order(raw):
    if not raw:
        raise ValidationError(MISSING)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ORDER:
        raise ValidationError(f"ordre « {raw} » invalide : un nombre entier de 1 à {MAX_ORDER}.")
    return int(raw)


def scale_parser(scales):
    listed = ", ".join(sorted(scales))

    def parse(raw):
        if raw in scales:
            return scales[raw]
        if not raw:
            raise ValidationError(MISSING)
        raise ValidationError(f"échelle inconnue « {raw} » (échelles possibles : {listed}).")

    return parse


def spec(lookups, name=FILE):
    """The columns of the file; `name` is the file errors are reported against."""
    data = grid_lookups(lookups)
    return FileSpec(
        name,
        columns=(
            Column(
                "innovation",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.innovations, "innovation inconnue « {} »"),
            ),
            Column("item", required=True, blank=False, parse=item_key, field="key"),
            Column("order", required=True, blank=False, parse=order, field="position"),
            Column("label", required=True, blank=False, parse=parsers.text, max_length=300),
            Column("scale", required=True, blank=False, parse=scale_parser(data.scales)),
            Column("description", max_length=10_000),
            Column("data_source", max_length=300),
            Column("grid_title", max_length=200),
        ),
        key=("innovation", "item"),
    )


ITEM_FIELDS = {"order": "position", "label": "label", "description": "description", "data_source": "data_source"}


class GridsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.data = grid_lookups(lookups)
        self.spec = spec(lookups, name=table.name)
        self.grids_to_save = {}  # innovation code → Grid
        self.items_to_save = []

    def check(self, rows, errors, plan):
        first = {}  # innovation code → (row, scale, title) of its first row in the file
        orders = {}  # (innovation code, order) → row
        for row in rows:
            innovation = row.values.get("innovation")
            if innovation is None:
                continue
            code = innovation.code
            scale, title = row.values.get("scale"), row.values.get("grid_title")
            if code not in first:
                first[code] = (row.number, scale, title)
                grid_changes = self.check_grid(innovation, scale, title, row, errors)
            else:
                grid_changes = []
                self.check_same_grid(first[code], scale, title, row, errors)
            position = row.values.get("order")
            if position is not None:
                seen = orders.setdefault((code, position), row.number)
                if seen != row.number:
                    errors.add(
                        self.file, row.number, "order", f"ordre {position} déjà donné ligne {seen} pour « {code} »."
                    )
                    row.ok = False
            key = row.values.get("item")
            if key is None or code not in self.data.grids:
                continue
            values = {field: row.values[column] for column, field in ITEM_FIELDS.items() if column in row.values}
            item = self.data.items.get((code, key))
            if item is None:
                item = GridItem(grid=self.data.grids[code], key=key, **values)
                self.data.items[(code, key)] = item
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(item, values)
                apply(item, values)
                outcome = Outcome.UPDATED if changed or grid_changes else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED and not full_clean(
                item, self.spec, row.number, errors, exclude=["grid"]
            ):
                continue
            if outcome is not Outcome.UNCHANGED:
                self.items_to_save.append(item)
            plan.add(self.file, row.number, f"{code} · {key}", outcome, [*grid_changes, *changed])

    def check_grid(self, innovation, scale, title, row, errors):
        """The innovation's grid, created or brought to the file's scale and title; the names of
        what changed."""
        code = innovation.code
        grid = self.data.grids.get(code)
        if scale is None:
            return []
        if grid is None:
            grid = Grid(innovation=innovation, scale=scale, title=title or "")
            self.data.grids[code] = grid
            self.grids_to_save[code] = grid
            return []
        changed = []
        if grid.scale_id != scale.pk:
            if grid.pk in self.data.rated_grids:
                errors.add(
                    self.file,
                    row.number,
                    "scale",
                    f"la grille de « {code} » a déjà des notes sur l'échelle « {grid.scale.code} » : "
                    "elle ne peut plus changer d'échelle.",
                )
                row.ok = False
                return []
            grid.scale = scale
            changed.append("scale")
        if title is not None and grid.title != title:
            grid.title = title
            changed.append("grid_title")
        if changed:
            self.grids_to_save[code] = grid
        return changed

    def check_same_grid(self, first, scale, title, row, errors):
        number, first_scale, first_title = first
        if scale is not None and first_scale is not None and scale.pk != first_scale.pk:
            errors.add(
                self.file,
                row.number,
                "scale",
                f"une grille n'a qu'une échelle : « {first_scale.code} » ligne {number}, « {scale.code} » ici.",
            )
            row.ok = False
        if title is not None and first_title is not None and title != first_title:
            errors.add(
                self.file,
                row.number,
                "grid_title",
                f"une grille n'a qu'un titre : « {first_title} » ligne {number}, « {title} » ici.",
            )
            row.ok = False

    def write(self, errors):
        user = self.lookups.user
        for grid in self.grids_to_save.values():
            save(grid, user=user)
        for item in self.items_to_save:
            save(item, user=user)


def export_rows():
    items = GridItem.objects.select_related("grid__innovation", "grid__scale")
    rows = [
        (
            item.grid.innovation.code,
            item.key,
            item.position,
            item.label,
            item.grid.scale.code,
            item.description,
            item.data_source,
            item.grid.title,
        )
        for item in items
    ]
    return sorted(rows, key=lambda r: (r[0], r[2], r[1]))
