"""The files of one follow-up upload, checked together and written (docs/imports.md): what they
share (`Batch`: the structure, what it already holds, what the run plans), and the people file and
the situations file as imports of the framework — a situation may be about a person of the same
upload.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from essaim.followup.enums import AgeBand, Category, Milestone, SubType, classify
from essaim.followup.horizons import add_months
from essaim.followup.import_specs import people_spec, situations_spec
from essaim.followup.models import Beneficiary, Enrolment, Situation, refresh_outcomes, situation_errors
from essaim.followup.pseudonym import alias
from essaim.imports.plan import Outcome
from essaim.imports.run import FileImport
from essaim.swarming.models import Adoption

NO_ENTRY_CHANGE = (
    "la date d'entrée enregistrée pour cette personne et cette innovation est le {:%d/%m/%Y} : elle ne se "
    "modifie pas par fichier (effacez la personne depuis sa fiche pour la saisir à nouveau)."
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
                        recorded_by=self.user,
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
        """New people and entries say who entered them; a change keeps its history (who, when,
        before, after: `core.first_change`)."""
        batch, user = self.batch, self.batch.user
        for planned in self.rows:
            beneficiary = planned.beneficiary or batch.beneficiaries.get(planned.pseudonym)
            if beneficiary is None:
                beneficiary = Beneficiary.objects.create(
                    structure=batch.structure,
                    pseudonym=planned.pseudonym,
                    created_by=user,
                    **planned.beneficiary_values,
                )
                batch.beneficiaries[planned.pseudonym] = beneficiary
            elif any(getattr(beneficiary, n) != x for n, x in planned.beneficiary_values.items()):
                for name, value in planned.beneficiary_values.items():
                    setattr(beneficiary, name, value)
                beneficiary._history_user = user
                beneficiary.save(update_fields=list(planned.beneficiary_values))
            planned.beneficiary = beneficiary
            if planned.enrolment is None:
                planned.enrolment = Enrolment.objects.create(
                    beneficiary=beneficiary, innovation_id=planned.innovation, created_by=user, **planned.values
                )
            elif any(getattr(planned.enrolment, n) != x for n, x in planned.values.items()):
                for name, value in planned.values.items():
                    setattr(planned.enrolment, name, value)
                planned.enrolment._history_user = user
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
                new.append(
                    Situation(enrolment=planned.enrolment, on=on, category=category, recorded_by=batch.user, **values)
                )
            else:
                for name, value in values.items():
                    setattr(existing, name, value)
                existing._history_user = batch.user
                existing.save()
            batch.touched.add(planned.enrolment.pk)
        Situation.objects.bulk_create(new)
        batch.written += len(self.rows)
        if self.last:
            batch.finish()

    last = False
