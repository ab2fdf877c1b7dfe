from django.core.management.base import BaseCommand, CommandError

from essaim.reference.load import load_reference_data
from essaim.reference.loader import DATA_FILE, GRIDS_FILE, PIPELINE_FILE, ReferenceDataError


class Command(BaseCommand):
    help = "Charge le programme AIS#Emploi 2015–2020 (jeu de référence) et son évaluation embarquée ; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="Fichier TOML du jeu de référence.")
        parser.add_argument(
            "--grids",
            default=str(GRIDS_FILE),
            help="Fichier TOML de l'évaluation embarquée (plans, grilles, notes, constats) ; « - » : ne pas le lire.",
        )
        parser.add_argument(
            "--pipeline",
            default=str(PIPELINE_FILE),
            help="Fichier TOML des appels, études de faisabilité, AMI, activités, outils et événements ; "
            "« - » : ne pas le lire.",
        )

    def handle(self, *args, **options):
        try:
            grids = None if options["grids"] == "-" else options["grids"]
            pipeline = None if options["pipeline"] == "-" else options["pipeline"]
            report = load_reference_data(options["file"], grids, pipeline)
        except ReferenceDataError as error:
            raise CommandError(f"Rien n'a été chargé. {error}") from None
        tables = sorted({table for table, _ in report})
        for table in tables:
            parts = [
                f"{report[(table, o)]} {o}"
                for o in ("créé", "mis à jour", "supprimé", "inchangé")
                if report[(table, o)]
            ]
            self.stdout.write(f"  {table} : {', '.join(parts)}")
        changed = sum(n for (_, outcome), n in report.items() if outcome != "inchangé")
        self.stdout.write(
            self.style.SUCCESS(
                "Jeu de référence chargé." if changed else "Jeu de référence déjà à jour : rien à changer."
            )
        )
