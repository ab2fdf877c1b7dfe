"""observations.csv: innovation, structure, phase, item, level, comment.

One row per rating: a structure that adopted the innovation (in the database or in
adoptions.csv), a phase from 1 to 3, an item of the innovation's grid (in the database or in
grids.csv), a level of the grid's scale written as its label (« Positif », « en cours »,
« non renseigné »; case and spaces around « / » do not matter, the legend « oui / fixée » is
read too). `structure_name` and `item_label` may be present (the rating template writes them)
and are ignored. A bundle cannot carry who rated: new and changed ratings name the importing
user, if any.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.grids.enums import PHASES
from essaim.grids.import_lookups import grid_lookups
from essaim.grids.models import Observation
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import MISSING, Column, FileSpec
from essaim.imports.validation import full_clean
from essaim.imports.writing import save

FILE = "observations.csv"
HEADER = ["innovation", "structure", "phase", "item", "level", "comment"]
# The headers of the ratings template people fill in (`rating_template.py`); the bundle keeps the
# names. Either reads back.
LABELS = {
    "innovation": "innovation",
    "structure": "structure",
    "structure_name": "nom de la structure",
    "phase": "phase",
    "item": "élément",
    "item_label": "libellé de l'élément",
    "level": "niveau",
    "comment": "commentaire",
}
MAX_COMMENT = 2000
SHOWN_CHOICES = 12
PHASE_RANGE = ", ".join(str(n) for n in PHASES[:-1]) + f" ou {PHASES[-1]}"


def phase(raw):
    if not raw:
        raise ValidationError(MISSING)
    if raw.isdigit() and int(raw) in PHASES:
        return int(raw)
    raise ValidationError(f"phase « {raw} » hors de la plage : {PHASE_RANGE}.")


def folded(text):
    """A level as people type it: case, repeated spaces and spaces around « / » do not matter."""
    text = re.sub(r"\s+", " ", text.strip().casefold())
    return re.sub(r"\s*/\s*", "/", text)


def find_level(levels, raw):
    for level in levels:
        if level.label == raw:
            return level
    wanted = folded(raw)
    for level in levels:
        if folded(level.label) == wanted or (level.legend and folded(level.legend) == wanted):
            return level
    return None


def listed(names):
    names = list(names)
    shown = ", ".join(names[:SHOWN_CHOICES])
    return shown + (f"… ({len(names)} en tout)" if len(names) > SHOWN_CHOICES else "")


def spec(lookups, name=FILE):
    """The columns of the file; `name` is the file errors are reported against."""
    return FileSpec(
        name,
        columns=(
            Column(
                "innovation",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.innovations, "innovation inconnue « {} »"),
            ),
            Column(
                "structure",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.structures, "structure inconnue « {} »"),
            ),
            Column("phase", required=True, blank=False, parse=phase),
            Column("item", required=True, blank=False, parse=parsers.text),
            Column("level", required=True, blank=False, parse=parsers.text),
            Column("comment", max_length=MAX_COMMENT),
            Column("structure_name"),
            Column("item_label"),
        ),
        key=("innovation", "structure", "phase", "item"),
        labels=LABELS,
    )


def existing_observations():
    found = {}
    observations = Observation.objects.select_related("adoption__innovation", "adoption__structure", "item", "level")
    for o in observations:
        found[(o.adoption.innovation.code, o.adoption.structure.key, o.phase, o.item.key)] = o
    return found


class ObservationsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.data = grid_lookups(lookups)
        self.spec = spec(lookups, name=table.name)
        self.to_save = []

    def existing(self):
        if self.data.observations is None:
            self.data.observations = existing_observations()
        return self.data.observations

    def resolve(self, row, errors):
        """(adoption, item, level) of a parsed row, or None with the errors recorded."""
        innovation, structure = row.values.get("innovation"), row.values.get("structure")
        raw_item, raw_level = row.values.get("item"), row.values.get("level")
        if innovation is None or structure is None:
            return None
        code = innovation.code
        adoption = self.lookups.adoptions.get((code, structure.key))
        if adoption is None:
            errors.add(
                self.file, row.number, "structure", f"« {structure.key} » n'a pas adopté l'innovation « {code} »."
            )
        grid = self.data.grids.get(code)
        item = level = None
        if grid is None:
            errors.add(
                self.file,
                row.number,
                "item",
                f"l'innovation « {code} » n'a pas de grille : déclarez-la dans grids.csv.",
            )
        else:
            if raw_item is not None:
                item = self.data.items.get((code, raw_item))
                if item is None:
                    keys = listed(i.key for i in self.data.items_of(code))
                    errors.add(
                        self.file,
                        row.number,
                        "item",
                        f"élément inconnu « {raw_item} » dans la grille de « {code} » (éléments : {keys or 'aucun'}).",
                    )
            if raw_level is not None:
                levels = self.data.levels.get(grid.scale_id, [])
                level = find_level(levels, raw_level)
                if level is None:
                    errors.add(
                        self.file,
                        row.number,
                        "level",
                        f"niveau « {raw_level} » absent de l'échelle « {grid.scale.name} » "
                        f"(niveaux possibles : {listed(lv.label for lv in levels)}).",
                    )
        if adoption is None or item is None or level is None:
            return None
        return adoption, item, level

    def check(self, rows, errors, plan):
        existing = self.existing()
        for row in rows:
            resolved = self.resolve(row, errors)
            if resolved is None or not row.ok:
                continue
            adoption, item, level = resolved
            number = row.values["phase"]
            key = (adoption.innovation.code, adoption.structure.key, number, item.key)
            comment = row.values.get("comment")
            observation = existing.get(key)
            if observation is None:
                observation = Observation(adoption=adoption, phase=number, item=item, level=level)
                observation.comment = comment or ""
                outcome, changed = Outcome.NEW, []
                existing[key] = observation
            else:
                changed = []
                if observation.level_id != level.pk:
                    changed.append("level")
                if comment is not None and observation.comment != comment:
                    changed.append("comment")
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
                observation.level = level
                if comment is not None:
                    observation.comment = comment
            if outcome is not Outcome.UNCHANGED:
                exclude = ["adoption", "item", "level", "source", "recorded_by"]
                if not full_clean(observation, self.spec, row.number, errors, exclude=exclude):
                    continue
                self.to_save.append(observation)
            plan.add(self.file, row.number, " · ".join(str(k) for k in key), outcome, changed)

    def write(self, errors):
        user, now = self.lookups.user, timezone.now()
        for observation in self.to_save:
            observation.recorded_by, observation.recorded_at = user, now
            save(observation, user=user)


def export_rows():
    observations = Observation.objects.select_related(
        "adoption__innovation", "adoption__structure", "item", "level"
    ).exclude(adoption__structure__key=None)
    rows = [
        (o.adoption.innovation.code, o.adoption.structure.key, o.phase, o.item.key, o.level.label, o.comment)
        for o in observations
    ]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3]))
