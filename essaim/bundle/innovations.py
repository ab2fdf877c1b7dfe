"""innovations.csv: code, name, porteur (structure code), entered_on, exited_on, stage."""

from essaim.bundle.histories import plan_entry, write_entry
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange

FILE = "innovations.csv"
HEADER = ["code", "name", "porteur", "entered_on", "exited_on", "stage"]
FIELDS = {"name": "name", "entered_on": "entered_on", "exited_on": "exited_on"}


def spec(lookups):
    return FileSpec(
        FILE,
        columns=(
            Column("code", required=True, blank=False, parse=parsers.text),
            Column("name", required=True, blank=False, parse=parsers.text),
            Column(
                "porteur",
                required=True,
                blank=False,
                parse=parsers.lookup(lookups.structures, "structure inconnue « {} »"),
            ),
            Column("entered_on", parse=parsers.iso_date, default=None),
            Column("exited_on", parse=parsers.iso_date, default=None),
            Column("stage", parse=parsers.choice(Step, "étape"), default=None),
        ),
        key=("code",),
    )


class InnovationsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.spec = spec(lookups)
        self.to_save = []
        self.steps = []

    def check(self, rows, errors, plan):
        lookups = self.lookups
        for row in rows:
            code = row.values.get("code")
            if code is None:
                continue
            values = {FIELDS[c]: v for c, v in row.values.items() if c in FIELDS}
            porteur = row.values.get("porteur")
            innovation = lookups.innovations.get(code)
            if innovation is None:
                innovation = Innovation(code=code, **values)
                if porteur is not None:
                    innovation.porteur = porteur
                lookups.innovations[code] = innovation
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(innovation, values)
                apply(innovation, values)
                if porteur is not None and (porteur.pk is None or porteur.pk != innovation.porteur_id):
                    innovation.porteur = porteur
                    changed.append("porteur")
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(innovation, self.spec, row.number, errors, exclude=["porteur", "source"]):
                    continue
                self.to_save.append(innovation)
            if row.values.get("stage"):
                entry = plan_entry(
                    StepChange,
                    innovation,
                    row.values["stage"],
                    has_history=innovation.pk in lookups.innovations_with_steps,
                    first_on=lookups.today,
                    today=lookups.today,
                    spec=self.spec,
                    row=row.number,
                    column="stage",
                    errors=errors,
                )
                if entry is not None:
                    self.steps.append(entry)
                    changed.append("stage")
                    outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
            plan.add(FILE, row.number, code, outcome, changed)

    def write(self, errors):
        for innovation in self.to_save:
            save(innovation, user=self.lookups.user)
        for entry in self.steps:
            write_entry(StepChange, entry, user=self.lookups.user, spec=self.spec, column="stage", errors=errors)


def export_rows():
    rows = Innovation.objects.values_list("code", "name", "porteur__key", "entered_on", "exited_on", "step")
    return sorted(rows, key=lambda r: r[0])
