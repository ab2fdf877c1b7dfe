"""The follow-up benchmark: cohort outcomes over 1 million people with 4 situations each.

`generate()` makes sure 1 million synthetic people are there: `generate_national` writes them
at scale 1.0 (`essaim/synthetic/people.py`: spread over the synthetic programme's adoptions,
with four situations each — entry, 6, 12 and 18 months —, a tenth of them in a comparison group);
at a smaller scale the same generator replaces them by 1 million. `measures()` times the cohort
outcomes as a funder reads them — the counts, their protection against small cells, the
Kaplan–Meier curve, the difference in differences and the reference rates — and as the
programme team does (exact).

Wire it in with `results.extend(followup.measures())` in `bench/scenarios.py`. Alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essaim_bench DJANGO_SETTINGS_MODULE=config.settings.bench \
        .venv/bin/python -c "import django; django.setup(); from bench import followup; followup.main()"
"""

import time

from django.db import connection
from django.utils import timezone

from bench.measure import Measure, timed
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.followup.outcomes import compute
from essaim.followup.viewer import Viewer
from essaim.synthetic import people

PEOPLE = people.PEOPLE
TARGET = 3.0


def synthetic_people():
    return people.enrolments()


def generate(count=PEOPLE):
    """Write `count` synthetic people with the programme's generator (`essaim.synthetic.people`),
    once: skipped when they are there (`generate_national` at scale 1.0 makes them)."""
    if synthetic_people().count() >= count:
        return 0
    return people.generate(count)


def measures(repeat=5):
    """[Measure]: cohort outcomes over the synthetic people, as a funder and as the team."""
    started = time.perf_counter()
    created = generate()
    if created:
        print(
            f"Suivi : {created:,} personnes synthétiques générées en {time.perf_counter() - started:.0f} s", flush=True
        )
    with connection.cursor() as cursor:
        for model in (Beneficiary, Enrolment, Situation):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    n = synthetic_people().count()
    situations = Situation.objects.count()
    today = timezone.localdate()
    label = f"{n:,}".replace(",", "\u202f") + f" personnes, {situations / max(n, 1):.0f} situations chacune"
    return [
        Measure(
            f"Résultats par cohorte, lus par un financeur (secret statistique), {label}",
            timed(lambda: compute(today, viewer=Viewer(exact=False)), repeat),
            target=TARGET,
        ),
        Measure(
            f"Résultats par cohorte, équipe du programme (chiffres exacts), {label}",
            timed(lambda: compute(today, viewer=Viewer(exact=True)), repeat),
            target=TARGET,
        ),
    ]


def main():
    """Migrate, then print these measurements alone."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for measure in measures():
        runs = ", ".join(f"{r:.2f}" for r in measure.runs)
        print(
            f"{measure.name} : médiane {measure.median:.3f} s ({runs}) — cible {measure.target:g} s : {measure.verdict}"
        )
