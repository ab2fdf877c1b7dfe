"""A synthetic national programme, clearly labelled as such, reproducible by seed.

Default scale 1.0:

- `programme`: 200 innovations, 10,000 structures across every département, 20,000 adoptions
  and their status history;
- `referents`: one account per structure, its referent (an active lead membership, structure
  member), at a made-up address `referent-<n>@national.essaim.test`, without a usable password;
- `values`: 12 base indicators and monthly values over 56 months (about 10 million values, with
  realistic nc / ne rates);
- `grids`: an evaluation plan of three phases and a grid of 4 to 8 items on a standard scale per
  innovation, ratings of its adopting structures in the phases its step has reached (some
  missing, some « non renseigné »), two findings per rated phase (about 150,000 ratings);
- `activities`: per innovation an awareness action, two training sessions per group of
  structures selected the same month, a hotline and site visits, with attendance; a national day
  each year (about 11,700 activities and 59,000 attendance rows);
- `people`: 1,000,000 people followed (`round(1_000_000 * scale)`, or `people_count=`), spread over
  the adoptions, with their situations at entry, 6, 12 and 18 months, a tenth in a comparison
  group (about 4 million situations).

Everything generated carries the code prefix `SYN-` or the key prefix `syn-` (innovations,
structures, activities, findings, grid items), the referents the address domain
`national.essaim.test`, and names saying « synthétique »; grids, ratings,
plans, activities and people hang on synthetic innovations and structures. `remove()` deletes all
of it and nothing else. Rows are written with COPY on PostgreSQL (batched INSERTs elsewhere; the
referents with bulk_create), without model logic and without history rows. See docs/synthetic.md.
"""

import random
import time
from contextlib import contextmanager

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from essaim.activities.models import Activity, Attendance
from essaim.core.cache import CACHE_ALIAS as REPORTS_CACHE
from essaim.evaluation.models import Value
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.grids.models import Observation
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.programmes import scope
from essaim.programmes.models import ensure_programme
from essaim.swarming.models import Adoption, StatusChange
from essaim.synthetic import activities, grids, people, programme, referents, values
from essaim.synthetic.common import FIRST_MONTH, KEY, MONTHS, PREFIX, by_innovation, month_end, units
from essaim.synthetic.tables import skip_foreign_key_checks, vacuum

__all__ = ["FIRST_MONTH", "KEY", "MONTHS", "PREFIX", "generate", "month_end", "remove", "sizes"]


def sizes(scale, people_count=None):
    innovations = max(1, round(200 * scale))
    structures = max(2, round(10_000 * scale))
    adoptions = min(max(1, round(20_000 * scale)), innovations * structures // 2)
    if people_count is None:
        people_count = round(people.PEOPLE * scale)
    return {"innovations": innovations, "structures": structures, "adoptions": adoptions, "people": people_count}


def remove():
    """Delete every synthetic record, the records that hang on them first (raw deletes)."""
    with transaction.atomic():
        people.remove()
        activities.remove()
        grids.remove()
        values.remove_values()
        referents.remove()
        programme.remove()
        values.remove_indicators()
    caches[REPORTS_CACHE].clear()  # raw deletes leave no history row for the reports cache to notice


def generate(scale=1.0, seed=1, months=MONTHS, progress=None, people_count=None):
    """Generate the programme; return the counts written, and the seconds each part took under
    "timings". Its records go into the current programme, else the installation's only one (a
    default programme on an empty installation)."""
    with scope.activate(scope.current() or ensure_programme()):
        return generate_in_programme(scale, seed, months, progress, people_count)


def generate_in_programme(scale, seed, months, progress, people_count):
    rng = random.Random(seed)
    size = sizes(scale, people_count)
    say = progress or (lambda message: None)
    timings = {}

    @contextmanager
    def part(name, message):
        say(message)
        started = time.perf_counter()
        yield
        timings[name] = time.perf_counter() - started

    now, today = timezone.now(), timezone.localdate()
    counts = dict(size)
    with part("remove", "suppression du programme synthétique précédent"):
        remove()
    with transaction.atomic():
        if skip_foreign_key_checks():
            say("contrôles de clés étrangères suspendus pendant la génération")
        with part(
            "programme",
            f"{size['structures']} structures, {size['innovations']} innovations, {size['adoptions']} essaimages",
        ):
            indicators = values.indicator_ids()
            structure_ids = programme.write_structures(rng, size["structures"])
            innovations = programme.write_innovations(rng, size["innovations"], structure_ids, now)
            adoptions = programme.write_adoptions(rng, size["adoptions"], innovations, structure_ids, months, now)
        with part("referents", f"{size['structures']} référents (un compte par structure)"):
            counts["referents"] = referents.write(structure_ids, now)
        with part("values", "valeurs"):
            counts["values"] = values.write_values(rng, adoptions, indicators, months, now)
        all_units = units()
        units_of = by_innovation(all_units)
        named = list(
            Innovation.objects.filter(code__startswith=PREFIX).order_by("pk").values_list("pk", "code", "name", "step")
        )
        with part("grids", "plans d'évaluation, grilles, notes et constats"):
            counts |= grids.generate(
                random.Random(f"{seed}:grids"), [(pk, code, step) for pk, code, _, step in named], units_of, now, today
            )
        with part("activities", "activités et présences"):
            counts |= activities.generate(
                random.Random(f"{seed}:activities"), [(pk, code, name) for pk, code, name, _ in named], units_of, today
            )
        with part("people", f"{size['people']} personnes suivies"):
            counts["people"] = people.write(random.Random(f"{seed}:people"), all_units, size["people"], now, today, say)
    with part("vacuum", "statistiques des tables (VACUUM ANALYZE)"):
        vacuum(
            Value,
            Observation,
            Beneficiary,
            Enrolment,
            Situation,
            Structure,
            Innovation,
            StepChange,
            Adoption,
            StatusChange,
            Activity,
            Attendance,
        )
    caches[REPORTS_CACHE].clear()  # written without history rows, which the reports cache reads
    counts["timings"] = timings
    return counts
