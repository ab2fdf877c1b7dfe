"""values.csv: innovation, structure, indicator, period_start, period_end, value, source, comment.

The same file spec reads the figures template (`evaluation/figure_template.py`), as .xlsx or .csv: its
`structure_name` and `indicator_label` columns are there for people to read and are ignored.

Built for volume: codes are looked up in dicts read once, rows are checked in Python with no
query per row, existing values are read once per innovation and period end, and new or changed values are
written in batches (with their history rows). The rules of `Value.clean` and of the model's
constraints are applied to each row against those lookups; `tests/bundle/test_values_rules.py`
checks that they say exactly what `Value.full_clean` says.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.evaluation.enums import Level, ValidationState
from essaim.evaluation.models import Value
from essaim.evaluation.values import figure
from essaim.imports import parsers
from essaim.imports.fast_write import insert_rows, update_rows
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec

FILE = "values.csv"
HEADER = ["innovation", "structure", "indicator", "period_start", "period_end", "value", "source", "comment"]
# Known columns the import reads past: names written next to the codes for a person to read.
READ_ONLY_COLUMNS = ("structure_name", "indicator_label")
# The headers of the figures template people fill in (`figure_template.py`); the bundle keeps the
# names. Either reads back.
LABELS = {
    "innovation": "innovation",
    "structure": "structure",
    "structure_name": "nom de la structure",
    "indicator": "indicateur",
    "indicator_label": "libellé de l'indicateur",
    "period_start": "début de période",
    "period_end": "fin de période",
    "value": "valeur",
    "source": "source",
    "comment": "commentaire",
}
COMMENT_MAX = 10_000

# The messages of Value.clean and of its constraints, for the same rules checked in bulk.
COMPUTED = "Cet indicateur est calculé : il ne se saisit pas."
INNOVATION_LEVEL = "Cet indicateur se déclare pour l'innovation dans son ensemble, pas par structure."
STRUCTURE_LEVEL = "Cet indicateur se déclare structure par structure."
NOT_ADOPTED = "Cette structure n'a pas adopté cette innovation."


def constraint_message(name):
    return next(c.violation_error_message for c in Value._meta.constraints if c.name == name)


PERIOD_ORDER = constraint_message("value_period_in_order")

# The fields an import compares and writes, and the column each comes from.
FIELDS = ("period_start", "kind", "number", "source_id", "source_detail", "comment")
FIELD_COLUMNS = ("period_start", "value", "value", "source", "source", "comment")
DEFAULTS = (None, None, None, None, "", "")
KEY = ("innovation_id", "structure_id", "indicator_id", "period_end")
EXISTING = ("id", "structure_id", "indicator_id", "period_end") + FIELDS


def source(sources, max_length):
    """A Source key → (source id, ""); any other text → (None, text), kept as the detail."""

    def parse(raw):
        source_id = sources.get(raw)
        if source_id is not None:
            return source_id, ""
        if len(raw) > max_length:
            raise ValidationError(f"précision sur la source trop longue ({len(raw)} caractères, {max_length} au plus).")
        return None, raw

    return parse


def spec(lookups, name=FILE):
    """The columns of values.csv; `name` is the file errors are reported against."""
    detail_max = Value._meta.get_field("source_detail").max_length
    return FileSpec(
        name,
        columns=(
            Column(
                "innovation",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.innovations, "innovation inconnue « {} »"),
            ),
            Column("structure", parse=parsers.lookup(lookups.structures, "structure inconnue « {} »"), default=None),
            Column(
                "indicator",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.indicators, "indicateur inconnu « {} »"),
            ),
            Column("period_start", parse=parsers.iso_date, default=None),
            Column("period_end", required=True, blank=False, parse=parsers.iso_date),
            Column("value", required=True, blank=False, parse=figure),
            Column("source", parse=source(lookups.sources, detail_max), default=(None, "")),
            Column("comment", max_length=COMMENT_MAX),
            *(Column(name) for name in READ_ONLY_COLUMNS),
        ),
        key=("innovation", "structure", "indicator", "period_end"),
        labels=LABELS,
    )


def rule_errors(innovation, structure, indicator, adoptions):
    """Value.clean's rules, against the lookups: [(column, message)], one message per column
    as the model gives it."""
    found = {}
    if indicator.operation:
        found["indicator"] = COMPUTED
    elif structure is not None and indicator.levels == Level.INNOVATION:
        found["structure"] = INNOVATION_LEVEL
    elif structure is None and indicator.levels == Level.STRUCTURE:
        found["structure"] = STRUCTURE_LEVEL
    if structure is not None and (innovation.code, structure.key) not in adoptions:
        found["structure"] = NOT_ADOPTED
    return list(found.items())


def describe(v):
    """A value's natural key as the plan shows it: innovation · structure · indicator · end."""
    structure = v.get("structure")
    parts = [v["innovation"].code, structure.key if structure else "—", v["indicator"].code, v["period_end"]]
    return " · ".join(str(p) for p in parts)


class ValuesImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.spec = spec(lookups, name=table.name)
        self.existing = {}
        self.new = []
        self.updates = []
        # Row number → the parsed values of a new or updated row the plan details, with `saved`:
        # the (kind, number) it replaces, None when new. For a page's detail of each change.
        self.seen = {}

    def existing_for(self, innovation_id, period_end):
        """The saved values of one innovation and period end, by (structure id, indicator id,
        period end): read once per pair the file mentions, never the innovation's whole history."""
        known = self.existing.get((innovation_id, period_end))
        if known is None:
            rows = Value.objects.filter(innovation_id=innovation_id, period_end=period_end).values_list(*EXISTING)
            known = {(r[1], r[2], r[3]): (r[0], r[4:]) for r in rows}
            self.existing[(innovation_id, period_end)] = known
        return known

    def check(self, rows, errors, plan):
        adoptions = self.lookups.adoptions
        present = set(self.table.columns)
        # Columns the file lacks keep the saved value (or take the default for a new value).
        kept = [i for i, column in enumerate(FIELD_COLUMNS) if column not in present]
        for row in rows:
            if not row.ok:
                continue
            v = row.values
            innovation, indicator = v["innovation"], v["indicator"]
            structure = v.get("structure")
            problems = rule_errors(innovation, structure, indicator, adoptions)
            start, end = v.get("period_start"), v["period_end"]
            if start is not None and start > end:
                problems.append(("period_start", PERIOD_ORDER))
            if problems:
                for column, message in problems:
                    errors.add(self.file, row.number, column, message)
                continue
            kind, number = v["value"]
            source_id, detail = v.get("source", (None, ""))
            values = (start, kind, number, source_id, detail, v.get("comment", ""))
            structure_id = structure.id if structure is not None else None
            saved = None
            if innovation.id is not None and indicator.id is not None and (structure is None or structure_id):
                saved = self.existing_for(innovation.id, end).get((structure_id, indicator.id, end))
            if saved is None:
                if kept:
                    values = tuple(DEFAULTS[i] if i in kept else x for i, x in enumerate(values))
                self.new.append((innovation, structure, indicator, end, values))
                plan.add(self.file, row.number, lambda v=v: describe(v), Outcome.NEW)
                self.note(row.number, v, None, plan)
                continue
            pk, current = saved
            if kept:
                values = tuple(current[i] if i in kept else x for i, x in enumerate(values))
            if values == current:
                plan.add(self.file, row.number, "", Outcome.UNCHANGED)
                continue
            changed = [name for name, new, old in zip(FIELDS, values, current, strict=True) if new != old]
            self.updates.append((pk, *values))
            plan.add(self.file, row.number, lambda v=v: describe(v), Outcome.UPDATED, changed)
            self.note(row.number, v, current[1:3], plan)

    def note(self, number, v, saved, plan):
        """Keep a new or updated row in `seen`, as long as the plan details its changes."""
        if len(self.seen) < plan.detail_limit:
            self.seen[number] = {**v, "saved": saved}

    def write(self, errors):
        user = self.lookups.user
        entered_by, entered_at = (user.pk if user else None), timezone.now()
        rows = (
            (innovation.id, structure.id if structure is not None else None, indicator.id, end, *values)
            + (entered_by, entered_at)
            for innovation, structure, indicator, end, values in self.new
        )
        insert_rows(Value, KEY + FIELDS + ("entered_by_id", "entered_at"), rows, natural_key=KEY, user=user)
        # A changed value is a new entry: it needs validating again.
        reset = (entered_by, entered_at, ValidationState.ENTERED, None, None)
        update_rows(
            Value,
            FIELDS + ("entered_by_id", "entered_at", "state", "validated_by_id", "validated_at"),
            (update + reset for update in self.updates),
            user=user,
        )


def export_rows():
    rows = Value.objects.values_list(
        "innovation__code",
        "structure__key",
        "indicator__code",
        "period_start",
        "period_end",
        "kind",
        "number",
        "source__key",
        "source_detail",
        "comment",
    )
    out = [
        (inn, st or "", ind, start, end, number if kind == "number" else kind, src or detail, comment)
        for inn, st, ind, start, end, kind, number, src, detail, comment in rows.iterator(chunk_size=10_000)
    ]
    out.sort(key=lambda r: (r[0], r[1], r[2], r[4]))
    return out
