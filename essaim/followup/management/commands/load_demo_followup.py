from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from essaim.followup import demo
from essaim.programmes import scope
from essaim.programmes.models import REFERENCE_CODE, Programme


class Command(BaseCommand):
    help = (
        "Remplace les personnes fictives de démonstration (innovation LREF) : inventées, marquées « fictive », "
        "jamais mêlées au jeu de référence."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug", action="store_true", help="Autorise le chargement hors développement."
        )
        parser.add_argument("--remove", action="store_true", help="Efface les personnes fictives sans en recréer.")

    def handle(self, *args, **options):
        if not settings.ESSAIM_DEMO_DATA and not options["allow_without_debug"]:
            raise CommandError(
                "Personnes fictives refusées hors développement (config.settings.dev) : "
                "elles sont réservées à la démonstration."
            )
        with scope.activate(Programme.objects.filter(code=REFERENCE_CODE).first()):
            self.load(options)

    def load(self, options):
        if options["remove"]:
            self.stdout.write(f"{demo.remove()} personne(s) fictive(s) effacée(s) avec leur suivi.")
            return
        created = demo.generate()
        if not created:
            self.stdout.write(
                "Innovation LREF ou structures adoptantes absentes : chargez d'abord le jeu de référence."
            )
            return
        shares = demo.expected_shares()
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} personnes fictives de démonstration (LREF) : à 12 mois, "
                f"{shares['transition']:.0f} % en emploi de transition et {shares['durable']:.0f} % en emploi durable, "
                "comme le Lieu Ressources de Lyon en 2016."
            )
        )
