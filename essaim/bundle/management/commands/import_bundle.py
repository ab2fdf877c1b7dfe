from django.core.management.base import BaseCommand, CommandError

from essaim.bundle.importer import BundleNotFound, import_bundle
from essaim.programmes.commands import named
from essaim.programmes.models import ProgrammeRequired

SHOWN_ERRORS = 500


class Command(BaseCommand):
    help = (
        "Importe un paquet CSV (structures, innovations, indicateurs, essaimages, valeurs, grilles, notes) "
        "dans un programme : tout est vérifié, puis tout est écrit ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier contenant les fichiers du paquet.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie et annonce les changements sans rien écrire."
        )
        parser.add_argument(
            "--programme",
            metavar="CODE",
            help=(
                "Code du programme où importer (il doit exister : create_programme). Sans lui : le programme "
                "que déclare programme.csv (créé s'il manque), sinon le seul programme de l'installation."
            ),
        )

    def handle(self, *args, **options):
        programme = named(options["programme"]) if options["programme"] else None
        try:
            result = import_bundle(options["directory"], dry_run=options["dry_run"], programme=programme)
        except (BundleNotFound, ProgrammeRequired) as error:
            raise CommandError(str(error)) from None
        if result.programme is not None:
            self.stdout.write(f"Programme {result.programme.code} ({result.programme.name})")
        for file, encoding in result.encodings.items():
            self.stdout.write(f"  {file} ({encoding}) : {result.plan.summary(file)}")
        if options["verbosity"] > 1:
            for change in result.plan.changes:
                self.stdout.write(f"    {change}")
        if result.errors:
            for error in result.errors[:SHOWN_ERRORS]:
                self.stderr.write(str(error))
            more = len(result.errors) - SHOWN_ERRORS
            if more > 0:
                self.stderr.write(f"… et {more} autres erreurs.")
            raise CommandError(f"Rien n'a été importé : {len(result.errors)} erreur(s).")
        if result.dry_run:
            self.stdout.write(self.style.SUCCESS("Essai à blanc : aucune erreur, rien n'a été écrit."))
        elif result.plan.changed:
            self.stdout.write(self.style.SUCCESS("Paquet importé."))
        else:
            self.stdout.write(self.style.SUCCESS("Paquet déjà à jour : rien à changer."))
