"""indicators.csv: code, label, aggregation, unit.

New codes add base indicators (entered, not computed) to the standard set. A standard
indicator may appear, but must match: any difference is an error. Other indicators take the
label, unit and aggregation the file gives. Computed indicators that are not standard stay out
of the bundle (their formula has no column).
"""

from django.db.models import Q

from essaim.evaluation.enums import Aggregation
from essaim.evaluation.models import Indicator
from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.imports.writing import save

FILE = "indicators.csv"
HEADER = ["code", "label", "aggregation", "unit"]
FIELDS = ("label", "aggregation", "unit")


def spec(lookups):
    return FileSpec(
        FILE,
        columns=(
            Column("code", required=True, blank=False, parse=parsers.text),
            Column("label", required=True, blank=False, parse=parsers.text),
            Column("aggregation", parse=parsers.choice(Aggregation, "mode d'agrégation"), default=None),
            Column("unit"),
        ),
        key=("code",),
    )


class IndicatorsImport(FileImport):
    def __init__(self, table, lookups):
        super().__init__(table)
        self.lookups = lookups
        self.spec = spec(lookups)
        self.to_save = []

    def check(self, rows, errors, plan):
        for row in rows:
            code = row.values.get("code")
            if code is None:
                continue
            values = {f: row.values[f] for f in FIELDS if row.values.get(f) is not None}
            indicator = self.lookups.indicators.get(code)
            if indicator is None:
                indicator = Indicator(code=code, **values)
                self.lookups.indicators[code] = indicator
                outcome, changed = Outcome.NEW, []
            else:
                changed = changed_fields(indicator, values)
                if indicator.is_standard and changed:
                    for name in changed:
                        errors.add(
                            FILE,
                            row.number,
                            name,
                            f"« {code} » est un indicateur standard : « {values[name]} » ne peut pas remplacer "
                            f"« {getattr(indicator, name)} ».",
                        )
                    continue
                apply(indicator, values)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if not row.ok:
                continue
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(indicator, self.spec, row.number, errors):
                    continue
                self.to_save.append(indicator)
            plan.add(FILE, row.number, code, outcome, changed)

    def write(self, errors):
        for indicator in self.to_save:
            save(indicator)


def export_rows():
    rows = Indicator.objects.filter(Q(is_standard=True) | Q(operation="")).values_list(*(("code",) + FIELDS))
    return sorted(rows, key=lambda r: r[0])
