"""Rating adoptions on a grid, on the pages: the cells behind the entry matrix (structures ×
items) and the page of one structure (levels and comments).

Like the figures entry grid (evaluation/entry.py): all or nothing, every cell is checked before
anything is written; each cell carries the version of the observation it was read from, and a
cell changed meanwhile by someone else is refused, never silently overwritten. A rating is
never erased: « non renseigné » says that a level is not known.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from essaim.grids.models import Observation

NEW = "new"
MAX_COMMENT = 2000


def version(observation):
    return observation.recorded_at.isoformat() if observation is not None else NEW


@dataclass
class EntryCell:
    adoption: object
    item: object
    observation: object = None
    level_id: str = ""
    comment: str = ""
    token: str = NEW
    error: str = ""

    @property
    def field(self):
        return f"{self.adoption.pk}-{self.item.pk}"

    @property
    def level(self):
        return self.observation.level if self.observation else None

    @property
    def saved_level_id(self):
        return self.observation.level_id if self.observation else None


@dataclass
class EntryRow:
    adoption: object
    cells: list

    @property
    def has_errors(self):
        return any(cell.error for cell in self.cells)


def current(grid, phase, adoptions, lock=False):
    observations = Observation.objects.filter(item__grid=grid, phase=phase, adoption__in=adoptions)
    if lock:
        observations = observations.select_for_update(of=("self",))  # not the nullable joined rows
    return {(o.adoption_id, o.item_id): o for o in observations.select_related("level", "recorded_by")}


def entry_rows(grid, phase, adoptions):
    items = list(grid.items.all())
    found = current(grid, phase, adoptions)
    rows = []
    for adoption in adoptions:
        cells = []
        for item in items:
            observation = found.get((adoption.pk, item.pk))
            cells.append(
                EntryCell(
                    adoption,
                    item,
                    observation,
                    level_id=str(observation.level_id) if observation else "",
                    comment=observation.comment if observation else "",
                    token=version(observation),
                )
            )
        rows.append(EntryRow(adoption, cells))
    return rows


def conflict_message(observation):
    who = observation.recorded_by or "quelqu'un d'autre"
    when = date_format(timezone.localtime(observation.recorded_at), "SHORT_DATETIME_FORMAT")
    return f"Modifiée par {who} le {when} pendant votre saisie : vérifiez la note actuelle puis enregistrez à nouveau."


def level_choices(scale):
    return {str(level.pk): level for level in scale.levels_in_order()}


def save_ratings(grid, phase, adoptions, submitted, user):
    """submitted: {field: (level id or "", comment or None to keep it, version)}; only the cells
    of `adoptions` (those the user may rate) are read. Returns (rows, number of observations
    written); when a cell has an error nothing is written and the rows carry the errors."""
    levels = level_choices(grid.scale)
    allowed = ", ".join(level.label for level in levels.values())
    rows = entry_rows(grid, phase, adoptions)
    with transaction.atomic():
        found = current(grid, phase, adoptions, lock=True)
        plan = []
        for row in rows:
            for cell in row.cells:
                if cell.field not in submitted:
                    continue
                raw, comment, token = submitted[cell.field]
                existing = found.get((cell.adoption.pk, cell.item.pk))
                cell.level_id = (raw or "").strip()
                if comment is not None:
                    cell.comment = comment.strip()
                if token != version(existing):
                    cell.error = conflict_message(existing) if existing else "Cette note a été supprimée entre-temps."
                    cell.observation, cell.token = existing, version(existing)
                    continue
                if not cell.level_id:
                    if existing is not None:
                        cell.error = (
                            "Une note est déjà enregistrée : une case vide ne l'efface pas ; choisissez "
                            "« non renseigné » si le niveau n'est pas connu."
                        )
                    elif cell.comment:
                        cell.error = "Choisissez un niveau pour accompagner ce commentaire."
                    continue
                level = levels.get(cell.level_id)
                if level is None:
                    cell.error = f"Niveau inconnu pour l'échelle « {grid.scale.name} » : choisissez parmi {allowed}."
                    continue
                if len(cell.comment) > MAX_COMMENT:
                    cell.error = f"Commentaire trop long ({len(cell.comment)} caractères, {MAX_COMMENT} au plus)."
                    continue
                if existing and (existing.level_id, existing.comment) == (level.pk, cell.comment):
                    continue
                observation = existing or Observation(adoption=cell.adoption, phase=phase, item=cell.item)
                observation.level, observation.comment = level, cell.comment
                observation.recorded_by, observation.recorded_at = user, timezone.now()
                try:
                    observation.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as error:
                    cell.error = " ".join(error.messages)
                    continue
                plan.append((cell, observation))
        if any(row.has_errors for row in rows):
            return rows, 0
        for cell, observation in plan:
            observation._history_user = user
            observation.save()
            cell.observation, cell.token, cell.level_id = observation, version(observation), str(observation.level_id)
    return rows, len(plan)
