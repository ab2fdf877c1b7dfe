from essaim.bundle.exporter import export_bundle
from essaim.programmes.commands import ProgrammeCommand


class Command(ProgrammeCommand):
    help = "Exporte un programme en paquet CSV ouvert (un fichier par table, trié par clé)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier où écrire les fichiers (créé au besoin).")

    def handle(self, *args, **options):
        counts = export_bundle(options["directory"])
        for file, count in counts.items():
            self.stdout.write(f"  {file} : {count} ligne(s)")
        self.stdout.write(self.style.SUCCESS(f"Paquet exporté dans {options['directory']}."))
