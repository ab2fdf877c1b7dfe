from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from essaim.reference.demo_accounts import DEMO_PASSWORD, create_demo_accounts
from essaim.reference.demo_campaign import load_demo_campaign
from essaim.reference.demo_reviews import load_demo_reviews
from essaim.reference.loader import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Crée (ou remet à jour) un compte de démonstration par rôle, leurs évaluations de démonstration "
        "d'un appel à projets, une campagne de collecte ouverte, et affiche leurs identifiants."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Autorise la création hors développement (mots de passe connus : jamais en production).",
        )

    def handle(self, *args, **options):
        if not settings.ESSAIM_DEMO_DATA and not options["allow_without_debug"]:
            raise CommandError(
                "Comptes de démonstration refusés hors développement (config.settings.dev) : "
                "leurs mots de passe sont publics."
            )
        accounts = create_demo_accounts()
        try:
            report = load_demo_reviews()
        except ReferenceDataError as error:
            self.stdout.write(self.style.WARNING(f"Évaluations de démonstration non chargées. {error}"))
        else:
            reviews = sum(n for (table, _), n in report.items() if table == "évaluations")
            self.stdout.write(f"Évaluations de démonstration d'un appel à projets (notes inventées) : {reviews}.")
        campaign = load_demo_campaign()
        if campaign is not None:
            self.stdout.write(
                f"Campagne de collecte de démonstration : « {campaign.title} », "
                f"échéance le {campaign.deadline:%d/%m/%Y}."
            )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})"))
        for user, where in accounts:
            self.stdout.write(f"  {user.get_role_display():<50} {user.email:<32} {where}")
        self.stdout.write("")
        self.stdout.write("Ouvrez http://127.0.0.1:8000 et connectez-vous avec l'une de ces adresses.")
