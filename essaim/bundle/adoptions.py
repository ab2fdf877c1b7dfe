"""adoptions.csv: innovation, structure, status, status_on (optional: the day of the status), since."""

from essaim.bundle.histories import plan_entry, write_entry
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange

FILE = "adoptions.csv"
HEADER = ["innovation", "structure", "status", "status_on", "since"]


def spec(lookups):
    return FileSpec(
        FILE,
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
            Column("status", parse=parsers.choice(AdoptionStatus, "statut"), default=None),
            Column("status_on", parse=parsers.iso_date, default=None),
            Column("since", required=True, blank=False, parse=parsers.iso_date),
        ),
        key=("innovation", "structure"),
    )


class AdoptionsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.spec = spec(lookups)
        self.to_save = []
        self.statuses = []

    def check(self, rows, errors, plan):
        lookups = self.lookups
        for row in rows:
            innovation, structure = row.values.get("innovation"), row.values.get("structure")
            if innovation is None or structure is None:
                continue
            pair = (innovation.code, structure.key)
            key = f"{pair[0]} × {pair[1]}"
            values = {"since": row.values["since"]} if "since" in row.values else {}
            adoption = lookups.adoptions.get(pair)
            if adoption is None:
                adoption = Adoption(innovation=innovation, structure=structure, **values)
                lookups.adoptions[pair] = adoption
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(adoption, values)
                apply(adoption, values)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if row.values.get("status_on") and not row.values.get("status"):
                errors.add(FILE, row.number, "status_on", "une date de statut sans statut : indiquez le statut.")
                continue
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(
                    adoption, self.spec, row.number, errors, exclude=["innovation", "structure", "source"]
                ):
                    continue
                self.to_save.append(adoption)
            if row.values.get("status"):
                entry = plan_entry(
                    StatusChange,
                    adoption,
                    row.values["status"],
                    has_history=adoption.pk in lookups.adoptions_with_statuses,
                    first_on=adoption.since,
                    today=lookups.today,
                    spec=self.spec,
                    row=row.number,
                    column="status",
                    date_column="since",
                    errors=errors,
                    on=row.values.get("status_on"),
                    on_column="status_on",
                )
                if entry is not None:
                    self.statuses.append(entry)
                    changed.append("status")
                    outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
            plan.add(FILE, row.number, key, outcome, changed)

    def write(self, errors):
        for adoption in self.to_save:
            save(adoption, user=self.lookups.user)
        for entry in self.statuses:
            write_entry(StatusChange, entry, user=self.lookups.user, spec=self.spec, column="status", errors=errors)


def export_rows():
    """One row per adoption; `status_on` is the date of its latest status entry (`since` when it
    has none, the day an import would date its first entry)."""
    latest = {}
    for adoption_id, on in StatusChange.objects.order_by("on", "id").values_list("adoption_id", "on"):
        latest[adoption_id] = on
    rows = Adoption.objects.values_list("pk", "innovation__code", "structure__key", "status", "since")
    rows = [(code, key, status, latest.get(pk, since), since) for pk, code, key, status, since in rows]
    return sorted(rows, key=lambda r: (r[0], r[1]))
