"""structures.csv: code (Structure.key), name, kind, departement, siret."""

from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure

FILE = "structures.csv"
HEADER = ["code", "name", "kind", "departement", "siret"]
FIELDS = {"name": "name", "kind": "kind", "departement": "departement_id", "siret": "siret"}


def spec(lookups):
    return FileSpec(
        FILE,
        columns=(
            Column("code", required=True, blank=False, parse=parsers.text, field="key"),
            Column("name", required=True, blank=False, parse=parsers.text),
            Column("kind", required=True, blank=False, parse=parsers.choice(StructureKind, "type de structure")),
            Column(
                "departement",
                parse=parsers.member(lookups.departements, "département inconnu « {} »"),
                default=None,
                field="departement",
            ),
            Column("siret", parse=parsers.digits, default=None),
        ),
        key=("code",),
    )


class StructuresImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.spec = spec(lookups)
        self.to_save = []

    def check(self, rows, errors, plan):
        sirets = {}  # siret → (row, code) in the file
        owners = dict(Structure.objects.exclude(siret=None).values_list("siret", "key"))
        in_file = {}
        for row in rows:
            code = row.values.get("code")
            if code is None:
                continue
            values = {FIELDS[c]: v for c, v in row.values.items() if c in FIELDS}
            structure = self.lookups.structures.get(code)
            if structure is None:
                structure = Structure(key=code, **values)
                self.lookups.structures[code] = structure
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(structure, values)
                apply(structure, values)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            in_file[code] = structure
            if "siret" in row.values and structure.siret:
                sirets.setdefault(structure.siret, []).append((row.number, code))
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(
                    structure, self.spec, row.number, errors, exclude=["departement", "networks", "source"]
                ):
                    continue
                self.to_save.append(structure)
            plan.add(FILE, row.number, code, outcome, changed)
        self.check_sirets(sirets, owners, in_file, errors)

    def check_sirets(self, sirets, owners, in_file, errors):
        """A SIRET names one structure: in the file, and against the structures already saved."""
        taken = Structure._meta.get_field("siret").error_messages["unique"]
        for siret, rows in sirets.items():
            for number, _code in rows[1:]:
                errors.add(FILE, number, "siret", f"SIRET « {siret} » déjà donné ligne {rows[0][0]}.")
            number, code = rows[0]
            owner = owners.get(siret, code)
            released = owner in in_file and in_file[owner].siret != siret
            if owner != code and not released:
                errors.add(FILE, number, "siret", f"{taken} (« {owner or 'structure sans code'} »)")

    def write(self, errors):
        for structure in self.to_save:
            save(structure, user=self.lookups.user)


def export_rows():
    rows = Structure.objects.values_list("key", "name", "kind", "departement_id", "siret")
    return sorted(rows, key=lambda r: r[0])
