"""People and situations by spreadsheet, through the project's import framework (docs/imports.md).

A structure sends two tables (sheets « personnes » and « situations » of one workbook, or CSV
files): they are read by `imports.readers`, parsed by `imports.rows` against the specs below,
checked together (a situation may be about a person of the same upload) and written in one
transaction, or not at all, by `imports.run.run_import` — with a dry run first.

The `reference` column holds the structure's own reference for the person: it is turned into its
pseudonym as the cell is parsed and never kept. No message repeats it. Between the dry run and the
confirmation, what waits on disk is the parsed table with the pseudonyms in place of the
references (`pending`), never the uploaded file.
"""

import json
import secrets
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.evaluation.figure_upload import clean_old
from essaim.followup.enums import AgeBand, Arm, Category, DurationBand, Milestone, Sex, SubType, classify
from essaim.followup.horizons import add_months
from essaim.followup.models import Beneficiary, Enrolment, Situation, refresh_outcomes, situation_errors
from essaim.followup.pseudonym import PSEUDONYM, alias, check_reference, pseudonym
from essaim.imports import parsers
from essaim.imports.errors import ErrorList, TableError
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import READERS, Table, open_table
from essaim.imports.run import FileImport, Result, run_import
from essaim.imports.spec import MISSING, Column, FileSpec
from essaim.swarming.models import Adoption

PEOPLE, SITUATIONS = "personnes", "situations"
MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = tuple(sorted(READERS))
SESSION_KEY = "followup_uploads"
KEPT_PER_SESSION = 3
TRUE_WORDS = {"oui", "o", "1", "vrai", "true", "x", "yes"}
FALSE_WORDS = {"non", "n", "0", "faux", "false", "no"}
NO_ENTRY_CHANGE = (
    "la date d'entrée enregistrée pour cette personne et cette innovation est le {:%d/%m/%Y} : elle ne se "
    "modifie pas par fichier (effacez la personne depuis sa fiche pour la saisir à nouveau)."
)


def yes_no(raw):
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    raise ValidationError(f"« {raw[:20]} » : répondez « oui » ou « non ».")


def whole_number(low, high, what):
    def parse(raw):
        try:
            number = int(raw)
        except ValueError:
            raise ValidationError(f"{what} : un nombre entier est attendu.") from None
        if not low <= number <= high:
            raise ValidationError(f"{what} : entre {low} et {high}.")
        return number

    return parse


def choice_or_label(enum, what):
    """A code of `enum`, or its French label (as people type it), case-insensitive."""
    codes = {c.value.lower(): c.value for c in enum} | {c.label.lower(): c.value for c in enum}
    listed = ", ".join(c.value for c in enum)

    def parse(raw):
        found = codes.get(raw.strip().lower())
        if found is None:
            if not raw:
                raise ValidationError(MISSING)
            raise ValidationError(f"{what} inconnu (codes possibles : {listed}).")
        return found

    return parse


def reference_parser(structure, pseudonymised):
    """The `reference` column: the pseudonym of the reference (the waiting copy already holds
    pseudonyms)."""

    def parse(raw):
        if pseudonymised:
            if not PSEUDONYM.fullmatch(raw):
                raise ValidationError("pseudonyme illisible.")
            return raw
        return pseudonym(structure.pk, check_reference(raw))

    return parse


def people_spec(name, structure, innovations, pseudonymised=False):
    innovation = parsers.lookup(
        innovations,
        "innovation inconnue « {} » ou non adoptée par votre structure (codes : "
        + (", ".join(sorted(innovations)) or "aucun")
        + ").",
    )
    return FileSpec(
        name,
        (
            Column("reference", reference_parser(structure, pseudonymised), required=True, blank=False),
            Column("innovation", innovation, required=True, blank=False),
            Column("entered_on", parsers.iso_date, required=True, blank=False),
            Column("sex", choice_or_label(Sex, "sexe"), default=Sex.UNKNOWN),
            Column("birth_year", whole_number(1900, timezone.localdate().year, "année de naissance"), default=None),
            Column("age_band", choice_or_label(AgeBand, "tranche d'âge"), default=None),
            Column("duration_band", choice_or_label(DurationBand, "ancienneté"), required=True, blank=False),
            Column("neet", yes_no, default=False),
            Column("sheltered", yes_no, default=False),
            Column("rqth", yes_no, default=False),
            Column("qpv", yes_no, default=False),
            Column("rsa", yes_no, default=False),
            Column("group", choice_or_label(Arm, "groupe"), default=Arm.INNOVATION),
        ),
        key=(),
    )


def situations_spec(name, structure, innovations, pseudonymised=False):
    innovation = parsers.lookup(innovations, "innovation inconnue « {} » ou non adoptée par votre structure.")
    return FileSpec(
        name,
        (
            Column("reference", reference_parser(structure, pseudonymised), required=True, blank=False),
            Column("innovation", innovation, required=True, blank=False),
            Column("date", parsers.iso_date, required=True, default=None),
            Column("milestone", choice_or_label(Milestone, "échéance"), default=Milestone.OTHER),
            Column("subtype", choice_or_label(SubType, "situation"), required=True, blank=False),
            Column("contract_months", whole_number(1, 600, "durée du contrat (mois)"), default=None),
        ),
        key=(),
    )


@dataclass
class Planned:
    """An enrolment as the run will leave it: in the database already, or made by this run."""

    beneficiary: Beneficiary | None
    enrolment: Enrolment | None
    pseudonym: str
    innovation: object
    values: dict = field(default_factory=dict)
    beneficiary_values: dict = field(default_factory=dict)
    new: bool = False
    situations: list = field(default_factory=list)  # (on, milestone, category) kept by this run


class Batch:
    """What the files of one upload share: the structure, what it already holds, what the run
    plans, and the outcome counts."""

    def __init__(self, structure, user=None):
        self.structure, self.user = structure, user
        self.today = timezone.localdate()
        adopted = Adoption.objects.filter(structure=structure).select_related("innovation")
        self.innovations = {a.innovation.code: a.innovation for a in adopted}
        self.beneficiaries = {b.pseudonym: b for b in Beneficiary.objects.filter(structure=structure)}
        self.enrolments = {}
        for enrolment in Enrolment.objects.filter(structure=structure).select_related("beneficiary"):
            self.enrolments[(enrolment.beneficiary.pseudonym, enrolment.innovation_id)] = enrolment
        self.situations = {}
        for situation in Situation.objects.filter(enrolment__structure=structure):
            self.situations.setdefault(situation.enrolment_id, {})[situation.on] = situation
        self.planned = {}  # (pseudonym, innovation id) → Planned
        self.people_rows = {}  # pseudonym → (row, sex, birth year) seen in the people file
        self.touched = set()
        self.imports = []
        self.written = 0

    def enrolment_for(self, key):
        if key in self.planned:
            return self.planned[key]
        enrolment = self.enrolments.get(key)
        if enrolment is None:
            return None
        planned = Planned(enrolment.beneficiary, enrolment, key[0], enrolment.innovation_id)
        self.planned[key] = planned
        return planned

    def finish(self):
        """After the last file: every new entry gets its entry situation (« en parcours ») unless a
        situation was given for that day; the outcome columns are computed again."""
        new = []
        for planned in self.planned.values():
            if planned.new and not any(on == planned.enrolment.entered_on for on, _, _ in planned.situations):
                new.append(
                    Situation(
                        enrolment=planned.enrolment,
                        on=planned.enrolment.entered_on,
                        milestone=Milestone.ENTRY,
                        subtype=SubType.ONGOING,
                        category=Category.ONGOING,
                    )
                )
        Situation.objects.bulk_create(new)
        self.touched |= {s.enrolment_id for s in new}
        refresh_outcomes(self.touched)


class PeopleImport(FileImport):
    def __init__(self, table, batch, pseudonymised=False):
        super().__init__(table)
        self.batch = batch
        self.spec = people_spec(table.name, batch.structure, batch.innovations, pseudonymised)
        self.rows = []

    def check(self, rows, errors, plan):
        batch = self.batch
        seen = {}
        defaults = {c.name: c.default for c in self.spec.columns}
        present = set(self.table.columns)
        for row in rows:
            if not row.ok:
                continue
            v = defaults | row.values
            key = (v["reference"], v["innovation"].pk)
            if key in seen:
                errors.add(
                    self.file,
                    row.number,
                    "reference",
                    f"doublon : cette personne (même référence) et cette innovation figurent déjà ligne {seen[key]}.",
                )
                continue
            seen[key] = row.number
            age_band = self.age_band(row.number, v, errors)
            if age_band is None:
                continue
            person = batch.people_rows.setdefault(v["reference"], (row.number, v["sex"], v["birth_year"]))
            if person[0] != row.number and (person[1], person[2]) != (v["sex"], v["birth_year"]):
                errors.add(
                    self.file,
                    row.number,
                    "sex",
                    f"même personne que ligne {person[0]}, mais sexe ou année de naissance différents.",
                )
                continue
            values = {
                "entered_on": v["entered_on"],
                "arm": v["group"],
                "age_band": age_band,
                "duration_band": v["duration_band"],
                **{flag: v[flag] for flag in ("neet", "sheltered", "rqth", "qpv", "rsa")},
            }
            columns = {"arm": "group"}
            person_columns = {"sex", "birth_year"} & present
            if v["entered_on"] > batch.today:
                errors.add(self.file, row.number, "entered_on", "date dans le futur.")
                continue
            beneficiary = batch.beneficiaries.get(v["reference"])
            person_values = {"sex": v["sex"], "birth_year": v["birth_year"]}
            existing = batch.enrolments.get(key)
            if existing is not None:  # a column left out of the file leaves the field as it is
                values = {n: x for n, x in values.items() if columns.get(n, n) in present or n == "age_band"}
                if not {"age_band", "birth_year"} & present:
                    values.pop("age_band")
            if beneficiary is not None:
                person_values = {n: x for n, x in person_values.items() if n in person_columns}
            if existing is not None and existing.entered_on != v["entered_on"]:
                errors.add(self.file, row.number, "entered_on", NO_ENTRY_CHANGE.format(existing.entered_on))
                continue
            changed = []
            if beneficiary is not None:
                changed += [n for n, x in person_values.items() if getattr(beneficiary, n) != x]
            if existing is not None:
                changed += [n for n, x in values.items() if getattr(existing, n) != x]
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            else:
                outcome = Outcome.NEW
            planned = Planned(beneficiary, existing, v["reference"], v["innovation"].pk, values, person_values)
            planned.new = existing is None
            if outcome is not Outcome.UNCHANGED:
                self.rows.append(planned)
            batch.planned[key] = planned
            label = f"personne {alias(v['reference'])} · {v['innovation'].code} · entrée le {v['entered_on']:%d/%m/%Y}"
            plan.add(self.file, row.number, label, outcome, changed)

    def age_band(self, number, v, errors):
        band, year = v["age_band"], v["birth_year"]
        if year is None:
            if band is None:
                errors.add(self.file, number, "age_band", "indiquez l'année de naissance ou la tranche d'âge.")
            return band
        age = v["entered_on"].year - year
        if not 14 <= age <= 80:
            errors.add(self.file, number, "birth_year", f"âge à l'entrée invraisemblable ({age} ans).")
            return None
        computed = AgeBand.of_age(age)
        if band is not None and band != computed:
            errors.add(
                self.file,
                number,
                "age_band",
                f"l'année de naissance donne « {AgeBand(computed).label} » à l'entrée, pas « {AgeBand(band).label} ».",
            )
            return None
        return computed

    def write(self, errors):
        batch = self.batch
        for planned in self.rows:
            beneficiary = planned.beneficiary or batch.beneficiaries.get(planned.pseudonym)
            if beneficiary is None:
                beneficiary = Beneficiary.objects.create(
                    structure=batch.structure, pseudonym=planned.pseudonym, **planned.beneficiary_values
                )
                batch.beneficiaries[planned.pseudonym] = beneficiary
            elif any(getattr(beneficiary, n) != x for n, x in planned.beneficiary_values.items()):
                for name, value in planned.beneficiary_values.items():
                    setattr(beneficiary, name, value)
                beneficiary.save(update_fields=list(planned.beneficiary_values))
            planned.beneficiary = beneficiary
            if planned.enrolment is None:
                planned.enrolment = Enrolment.objects.create(
                    beneficiary=beneficiary, innovation_id=planned.innovation, **planned.values
                )
            else:
                for name, value in planned.values.items():
                    setattr(planned.enrolment, name, value)
                planned.enrolment.save()
            batch.touched.add(planned.enrolment.pk)
            batch.written += 1
        if self.last:
            batch.finish()

    last = False


class SituationsImport(FileImport):
    def __init__(self, table, batch, pseudonymised=False):
        super().__init__(table)
        self.batch = batch
        self.spec = situations_spec(table.name, batch.structure, batch.innovations, pseudonymised)
        self.rows = []

    def check(self, rows, errors, plan):
        batch = self.batch
        seen = {}
        defaults = {c.name: c.default for c in self.spec.columns}
        for row in rows:
            if not row.ok:
                continue
            v = defaults | row.values
            key = (v["reference"], v["innovation"].pk)
            planned = batch.enrolment_for(key)
            if planned is None:
                errors.add(
                    self.file,
                    row.number,
                    "reference",
                    f"personne inconnue pour l'innovation {v['innovation'].code} : déposez d'abord (ou en même "
                    "temps) sa ligne dans le fichier des personnes.",
                )
                continue
            entered = planned.values.get("entered_on") or planned.enrolment.entered_on
            milestone = v["milestone"]
            on = v["date"]
            months = Milestone(milestone).months
            if on is None:
                if months is None:
                    errors.add(self.file, row.number, "date", "date requise pour une situation « à une autre date ».")
                    continue
                on = add_months(entered, months)
            day = (key, on)
            if day in seen:
                errors.add(
                    self.file,
                    row.number,
                    "date",
                    f"doublon : une situation de cette personne à cette date figure déjà ligne {seen[day]}.",
                )
                continue
            seen[day] = row.number
            stored = {}
            if planned.enrolment is not None and planned.enrolment.pk:
                stored = batch.situations.get(planned.enrolment.pk, {})
            others = [(s.on, s.milestone, s.category) for d, s in stored.items() if d != on]
            others += [s for s in planned.situations if s[0] != on]
            if planned.new and on != entered and not any(s[0] == entered for s in planned.situations):
                others.append((entered, Milestone.ENTRY, Category.ONGOING))  # made by finish()
            enrolment = planned.enrolment or Enrolment(entered_on=entered)
            problems = situation_errors(
                enrolment, on, milestone, v["subtype"], v["contract_months"], others, batch.today
            )
            if problems:
                for name, message in problems.items():
                    column = {"on": "date", "contract_months": "contract_months"}.get(name, name)
                    errors.add(self.file, row.number, column, message)
                continue
            category = classify(v["subtype"], v["contract_months"])
            planned.situations.append((on, milestone, category))
            existing = stored.get(on)
            values = {"milestone": milestone, "subtype": v["subtype"], "contract_months": v["contract_months"]}
            if existing is None:
                outcome, changed = Outcome.NEW, []
            else:
                changed = [n for n, x in values.items() if getattr(existing, n) != x]
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if outcome is not Outcome.UNCHANGED:
                self.rows.append((planned, on, values, category, existing))
            subtype = SubType(v["subtype"]).label
            label = f"personne {alias(v['reference'])} · {v['innovation'].code} · {on:%d/%m/%Y} : {subtype}"
            plan.add(self.file, row.number, label, outcome, changed)

    def write(self, errors):
        batch = self.batch
        new = []
        for planned, on, values, category, existing in self.rows:
            if existing is None:
                new.append(Situation(enrolment=planned.enrolment, on=on, category=category, **values))
            else:
                for name, value in values.items():
                    setattr(existing, name, value)
                existing.save()
            batch.touched.add(planned.enrolment.pk)
        Situation.objects.bulk_create(new)
        batch.written += len(self.rows)
        if self.last:
            batch.finish()

    last = False


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


def kind_of(table):
    """A CSV file is a people file or a situations file: its header says which."""
    columns = set(table.columns)
    if "subtype" in columns:
        return SITUATIONS
    if "entered_on" in columns:
        return PEOPLE
    return None


def open_upload(path, name):
    """The tables of an uploaded file: [(kind, Table)], or raises TableError."""
    from essaim.imports.errors import RowError

    if Path(name).suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True)
            sheets = {s.strip().lower(): s for s in workbook.sheetnames}
            workbook.close()
        except Exception:  # openpyxl raises many kinds; open_table says it in French below
            return [(None, open_table(path, name=name))]
        tables = []
        for kind in (PEOPLE, SITUATIONS):
            if kind in sheets:
                table = open_table(path, name=f"{name}, feuille « {kind} »", sheet=sheets[kind])
                tables.append((kind, table))
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
                    "ni fichier de personnes (colonne « entered_on ») ni fichier de situations (colonne « subtype ») : "
                    "partez du modèle.",
                )
            ]
        )
    return [(kind, table)]


def materialise(table):
    """The table's records read once (a reader streams them), so that they can be checked and
    kept for the confirmation."""
    return Table(table.name, table.encoding, list(table.header), iter(list(table.records)))


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
    copies = [(kind, Table(t.name, t.encoding, t.header, list(t.records))) for kind, t in tables]
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
            {"kind": kind, "name": table.name, "encoding": table.encoding, "header": table.header, "records": records}
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
    try:
        if entry["structure"] != structure.pk or not path.is_file():
            return None
        data = json.loads(path.read_text())
    finally:
        path.unlink(missing_ok=True)
    tables = [
        (f["kind"], Table(f["name"], f["encoding"], f["header"], iter([(n, c) for n, c in f["records"]])))
        for f in data["files"]
    ]
    result, batch = run(tables, structure, user, dry_run=False, pseudonymised=True)
    upload = Upload(data["name"], result)
    upload.people = len({key[0] for key in batch.planned}) if result.written else 0
    return upload
