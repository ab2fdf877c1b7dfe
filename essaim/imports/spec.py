"""What a file holds, declared: its columns (name, header, required, parser) and its natural key."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from essaim.core.text import folded

MAX_CELL = 1000
MISSING = "cellule vide : une valeur est obligatoire dans cette colonne."


def keep(raw):
    return raw


@dataclass(frozen=True)
class Column:
    """One column. `required`: the header must name it; `blank`: an empty cell is allowed and
    gives `default` (otherwise the parser is called on "" and says why it is wrong).
    `field`: the model field it fills, so that model validation errors land on this column.
    `name` is how the code and the open bundle's files name it; `label`, the header of the files
    people fill in (in French, e.g. « fin de période »); a header reads as the column when it is
    its name, its label or one of its `aliases`, whatever its case, accents and spacing."""

    name: str
    parse: Callable[[str], Any] = keep
    required: bool = False
    blank: bool = True
    default: Any = ""
    max_length: int = MAX_CELL
    field: str | None = None
    label: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def header(self):
        """The column's header in the files people fill in."""
        return self.label or self.name


def header_key(header):
    """A header as compared with a column's names: trimmed, lower case, without accents, spaces
    and underscores alike (« Fin de période » = « fin_de_periode »)."""
    return re.sub(r"[\s_]+", " ", folded(header))


@dataclass(frozen=True)
class FileSpec:
    """A file: its columns, its natural key (column names) and, optionally, the `labels` of its
    columns by name (their headers in the files people fill in, see `Column`)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    labels: dict = field(default=None, repr=False, compare=False)
    by_name: dict = field(init=False, repr=False, compare=False)

    by_header: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.labels:
            columns = tuple(replace(c, label=self.labels.get(c.name, c.label)) for c in self.columns)
            object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})
        by_header = {}
        for column in self.columns:
            for header in (column.name, column.label, *column.aliases):
                if header:
                    by_header.setdefault(header_key(header), column.name)
        object.__setattr__(self, "by_header", by_header)

    def name_of(self, header):
        """The name of the column a file's header stands for; None for an unknown header."""
        return self.by_header.get(header_key(header))

    def header_of(self, name):
        """A column's header in the files people fill in."""
        column = self.by_name.get(name)
        return column.header if column else name

    def column_for_field(self, field_name):
        """The column a model field is read from (None when the file does not carry it)."""
        for column in self.columns:
            if (column.field or column.name) == field_name:
                return column.name
        return None

    @property
    def key_label(self):
        return " + ".join(self.key)

    @property
    def headers(self):
        """The headers of the files people fill in, in the columns' order."""
        return [c.header for c in self.columns]
