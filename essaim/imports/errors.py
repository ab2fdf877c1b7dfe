"""Where an import went wrong: file, row (header = row 1), column, and a French message."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [self.file]
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}"


class ErrorList(list):
    """The errors of one run, in the order they were found. A column is named as its file's
    header says it (`name_columns`): « valeur » in a template filled in French, « value » in a
    file of the open bundle."""

    def __init__(self, *args):
        super().__init__(*args)
        self.headers = {}  # file → {column name: header shown}

    def name_columns(self, file, headers):
        self.headers[file] = headers

    def shown(self, error):
        headers = self.headers.get(error.file)
        if not headers or not error.column:
            return error
        column = " + ".join(headers.get(part, part) for part in error.column.split(" + "))
        return error if column == error.column else RowError(error.file, error.row, column, error.message)

    def append(self, error):
        super().append(self.shown(error))

    def extend(self, errors):
        super().extend(self.shown(error) for error in errors)

    def add(self, file, row, column, message):
        self.append(RowError(file, row, column, message))

    def for_file(self, file):
        return [e for e in self if e.file == file]


class TableError(Exception):
    """A file that cannot be read at all (encoding, empty, broken quoting)."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))
