import time

from django.core.management.base import BaseCommand

from essaim.synthetic import national

PARTS = {
    "remove": "suppression de l'ancien programme",
    "programme": "structures, innovations, essaimages",
    "referents": "référents",
    "values": "valeurs",
    "grids": "grilles",
    "activities": "activités",
    "people": "personnes suivies",
    "vacuum": "VACUUM ANALYZE",
}


def number(n):
    return f"{n:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = "Génère un programme national synthétique (données fictives, clairement signalées)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 : 200 innovations, 10 000 structures…")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--months", type=int, default=national.MONTHS)
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help="Personnes suivies à générer (par défaut 1 000 000 × l'échelle ; 0 : aucune).",
        )
        parser.add_argument("--remove", action="store_true", help="Supprime le programme synthétique et s'arrête.")

    def handle(self, *args, **options):
        if options["remove"]:
            national.remove()
            self.stdout.write("Programme synthétique supprimé.")
            return
        started = time.perf_counter()

        def progress(message):
            self.stdout.write(f"  … [{time.perf_counter() - started:5.0f} s] {message}")

        counts = national.generate(
            options["scale"], options["seed"], options["months"], progress=progress, people_count=options["people"]
        )
        elapsed = time.perf_counter() - started
        n = {key: number(value) for key, value in counts.items() if isinstance(value, int)}
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme synthétique en {elapsed:.0f} s : {n['innovations']} innovations, {n['structures']} "
                f"structures ({n['referents']} référents), {n['adoptions']} essaimages, {n['values']} valeurs ; "
                f"{n['grids']} grilles "
                f"({n['grid_items']} éléments), {n['evaluation_phases']} phases d'évaluation, {n['observations']} "
                f"notes, {n['findings']} constats ; {n['activities']} activités, {n['attendance']} présences ; "
                f"{n['people']} personnes suivies."
            )
        )
        timings = ", ".join(f"{PARTS.get(name, name)} {seconds:.0f} s" for name, seconds in counts["timings"].items())
        self.stdout.write(f"Durées : {timings}.")
