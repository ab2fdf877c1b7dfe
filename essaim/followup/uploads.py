"""People and situations by spreadsheet, through the project's import framework (docs/imports.md).

A structure sends two tables (sheets « personnes » and « situations » of one workbook, or CSV
files): they are read by `imports.readers`, parsed by `imports.rows` against the specs of
`import_specs`, checked together by `import_batch` (a situation may be about a person of the same
upload) and written in one transaction, or not at all, by `imports.run.run_import` — with a dry
run first.

Between the dry run and the confirmation, what waits on disk is the parsed table with the
pseudonyms in place of the references (`pending`), never the uploaded file.
"""

import json
import secrets
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from essaim.followup.import_batch import Batch, PeopleImport, SituationsImport
from essaim.followup.import_specs import LABELS, PEOPLE, SITUATIONS, people_spec, situations_spec
from essaim.followup.pseudonym import check_reference, pseudonym
from essaim.imports.errors import ErrorList, RowError, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import READERS, Table, count_rows, open_table, sheet_names
from essaim.imports.rows import name_columns
from essaim.imports.run import Result, run_import
from essaim.imports.upload_flow import claim, clean_old

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = tuple(sorted(READERS))
SESSION_KEY = "followup_uploads"
KEPT_PER_SESSION = 3


# -- one upload -----------------------------------------------------------------------------------
@dataclass
class Upload:
    name: str
    result: Result
    tables: list = field(default_factory=list)  # the parsed tables, for the waiting copy

    @property
    def errors(self):
        return self.result.errors

    @property
    def changed(self):
        return self.result.plan.changed

    def counts(self):
        """[(file, new, updated, unchanged)]."""
        plan = self.result.plan
        return [
            (
                name,
                plan.count(name, Outcome.NEW),
                plan.count(name, Outcome.UPDATED),
                plan.count(name, Outcome.UNCHANGED),
            )
            for name in plan.counts
        ]


def spec_of(kind, name):
    """The columns of a table of `kind`, for their names (no structure: nothing parsed)."""
    return (people_spec if kind == PEOPLE else situations_spec)(name, None, {})


# The column that tells a file of each kind, by its name.
TELLING = {SITUATIONS: "subtype", PEOPLE: "entered_on"}


def kind_of(table):
    """A CSV file is a people file or a situations file: its header says which (by the column's
    French header or its name)."""
    for kind, column in TELLING.items():
        spec = spec_of(kind, table.name)
        if any(spec.name_of(header) == column for header in table.header):
            return kind
    return None


def named(kind, table):
    """(kind, table) with the table's columns named as the spec of its kind does."""
    name_columns(table, spec_of(kind, table.name))
    return kind, table


def check_size(path, name):
    """Refuse, before parsing, a file of more rows than a request may check: the people upload is
    checked in the request (its file, references in clear, is never kept for a worker)."""
    limit = settings.ESSAIM_PEOPLE_UPLOAD_MAX_ROWS
    if count_rows(path, name) > limit + 1:  # the header, besides
        shown = f"{limit:,}".replace(",", "\u202f")
        raise TableError(
            [
                RowError(
                    name,
                    None,
                    None,
                    f"plus de {shown} lignes, la limite d'un envoi de personnes suivies : "
                    "découpez le fichier en plusieurs envois (par exemple par année d'entrée).",
                )
            ]
        )


def open_upload(path, name):
    """The tables of an uploaded file: [(kind, Table)], or raises TableError."""
    check_size(path, name)  # for a workbook, its unpacked size and rows too, before it is opened
    if Path(name).suffix.lower() == ".xlsx":
        names = sheet_names(path)
        if names is None:  # not a readable workbook: open_table says it in French
            return [(None, open_table(path, name=name))]
        sheets = {s.strip().lower(): s for s in names}
        tables = []
        for kind in (PEOPLE, SITUATIONS):
            if kind in sheets:
                table = open_table(path, name=f"{name}, feuille « {kind} »", sheet=sheets[kind])
                tables.append(named(kind, table))
        if not tables:
            raise TableError(
                [RowError(name, None, None, "le classeur n'a ni feuille « personnes » ni feuille « situations ».")]
            )
        return tables
    table = open_table(path, name=name)
    kind = kind_of(table)
    if kind is None:
        raise TableError(
            [
                RowError(
                    name,
                    1,
                    None,
                    f"ni fichier de personnes (colonne « {LABELS[TELLING[PEOPLE]]} ») ni fichier de situations "
                    f"(colonne « {LABELS[TELLING[SITUATIONS]]} ») : partez du modèle.",
                )
            ]
        )
    return [named(kind, table)]


def materialise(table):
    """The table's records read once (a reader streams them), so that they can be checked and
    kept for the confirmation."""
    return replace(table, header=list(table.header), records=iter(list(table.records)))


def run(tables, structure, user, *, dry_run=True, pseudonymised=False):
    """Check (and unless `dry_run`, write) [(kind, Table)] for `structure`."""
    batch = Batch(structure, user)
    imports = []
    for kind, table in sorted(tables, key=lambda item: item[0] != PEOPLE):
        cls = PeopleImport if kind == PEOPLE else SituationsImport
        imports.append(cls(table, batch, pseudonymised))
    if imports:
        imports[-1].last = True
    result = run_import(imports, dry_run=dry_run)
    return result, batch


def check_file(path, name, structure, user):
    """The dry run of an uploaded file; with no error, the tables are kept for `pending`."""
    try:
        tables = [(kind, materialise(table)) for kind, table in open_upload(path, name)]
    except TableError as error:
        return Upload(name, Result(ErrorList(error.errors), Plan(), dry_run=True))
    copies = [(kind, replace(t, records=list(t.records))) for kind, t in tables]
    result, _ = run([(k, replace(t, records=iter(t.records))) for k, t in copies], structure, user)
    return Upload(name, result, copies)


# -- waiting between the dry run and the confirmation ----------------------------------------------
def waiting_dir():
    from django.conf import settings

    base = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()
    directory = Path(base) / "essaim-suivi"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def pending(upload, structure):
    """Write what the confirmation will import — the parsed tables with each reference replaced
    by its pseudonym — and return its token."""
    directory = waiting_dir()
    clean_old(directory)
    token = secrets.token_hex(16)
    files = []
    for kind, table in upload.tables:
        records = []
        for number, cells in table.records:
            cells = dict(cells)
            try:
                cells["reference"] = pseudonym(structure.pk, check_reference(cells.get("reference", "")))
            except (ValidationError, ValueError):
                cells["reference"] = ""
            records.append([number, cells])
        files.append(
            {
                "kind": kind,
                "name": table.name,
                "encoding": table.encoding,
                "header": table.header,
                "written": table.written,
                "records": records,
            }
        )
    path = directory / f"{token}.json"
    path.write_text(json.dumps({"structure": structure.pk, "name": upload.name, "files": files}))
    path.chmod(0o600)
    return token


def remember(session, token, structure, name):
    waiting = dict(session.get(SESSION_KEY, {}))
    waiting[token] = {"structure": structure.pk, "name": name}
    for old in list(waiting)[:-KEPT_PER_SESSION]:
        waiting.pop(old)
        (waiting_dir() / f"{old}.json").unlink(missing_ok=True)
    session[SESSION_KEY] = waiting


def confirm(session, token, structure, user):
    """Import what waits under `token` for `structure` (checked again in full); None when
    nothing waits (already used, too old, or another structure's)."""
    waiting = dict(session.get(SESSION_KEY, {}))
    entry = waiting.pop(token, None) if isinstance(token, str) and token.isalnum() else None
    session[SESSION_KEY] = waiting
    if entry is None:
        return None
    path = waiting_dir() / f"{token}.json"
    if entry["structure"] != structure.pk:
        path.unlink(missing_ok=True)
        return None
    claimed = claim(path)  # of two confirmations at once, one finds it
    if claimed is None:
        return None
    try:
        data = json.loads(claimed.read_text())
    finally:
        claimed.unlink(missing_ok=True)
    tables = [
        (
            f["kind"],
            Table(f["name"], f["encoding"], f["header"], iter([(n, c) for n, c in f["records"]]), f.get("written", {})),
        )
        for f in data["files"]
    ]
    result, batch = run(tables, structure, user, dry_run=False, pseudonymised=True)
    upload = Upload(data["name"], result)
    upload.people = len({key[0] for key in batch.planned}) if result.written else 0
    return upload
