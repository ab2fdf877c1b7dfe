"""What a file holds, declared: its columns (name, required, parser) and its natural key."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_CELL = 1000
MISSING = "cellule vide : une valeur est obligatoire dans cette colonne."


def keep(raw):
    return raw


@dataclass(frozen=True)
class Column:
    """One column. `required`: the header must name it; `blank`: an empty cell is allowed and
    gives `default` (otherwise the parser is called on "" and says why it is wrong).
    `field`: the model field it fills, so that model validation errors land on this column."""

    name: str
    parse: Callable[[str], Any] = keep
    required: bool = False
    blank: bool = True
    default: Any = ""
    max_length: int = MAX_CELL
    field: str | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    def column_for_field(self, field_name):
        """The column a model field is read from (None when the file does not carry it)."""
        for column in self.columns:
            if (column.field or column.name) == field_name:
                return column.name
        return None

    @property
    def key_label(self):
        return " + ".join(self.key)
