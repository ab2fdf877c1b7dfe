from django.core.management.base import BaseCommand

from essaim.bundle.exporter import export_bundle


class Command(BaseCommand):
    help = "Exporte toute la base en paquet CSV ouvert (un fichier par table, trié par clé)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier où écrire les fichiers (créé au besoin).")

    def handle(self, *args, **options):
        counts, given = export_bundle(options["directory"])
        for structure, key in given:
            self.stdout.write(f"  structure « {structure.name} » sans identifiant : identifiant « {key} » attribué")
        for file, count in counts.items():
            self.stdout.write(f"  {file} : {count} ligne(s)")
        self.stdout.write(self.style.SUCCESS(f"Paquet exporté dans {options['directory']}."))
