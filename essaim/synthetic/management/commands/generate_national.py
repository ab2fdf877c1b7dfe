import time

from django.core.management.base import BaseCommand

from essaim.synthetic import national


class Command(BaseCommand):
    help = "Génère un programme national synthétique (données fictives, clairement signalées)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 : 200 innovations, 10 000 structures…")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--months", type=int, default=national.MONTHS)
        parser.add_argument("--remove", action="store_true", help="Supprime le programme synthétique et s'arrête.")

    def handle(self, *args, **options):
        if options["remove"]:
            national.remove()
            self.stdout.write("Programme synthétique supprimé.")
            return
        started = time.perf_counter()
        counts = national.generate(
            options["scale"], options["seed"], options["months"], progress=lambda m: self.stdout.write(f"  … {m}")
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme synthétique : {counts['innovations']} innovations, {counts['structures']} structures, "
                f"{counts['adoptions']} essaimages, {counts['values']} valeurs en {elapsed:.0f} s."
            )
        )
