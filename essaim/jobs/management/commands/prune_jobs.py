from django.core.management.base import BaseCommand

from essaim.jobs.cleanup import prune


class Command(BaseCommand):
    help = (
        "Supprime les travaux en arrière-plan terminés depuis plus de ESSAIM_JOBS_KEEP_DAYS jours et leurs fichiers, "
        "et les fichiers de dépôts vérifiés mais jamais confirmés, un jour après leur vérification. "
        "À planifier chaque jour (cron, minuteur systemd). --dry-run : dit seulement ce qui serait supprimé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Ne supprime rien : compte seulement.")

    def handle(self, *args, **options):
        jobs, files = prune(dry_run=options["dry_run"])
        verb = "seraient supprimés" if options["dry_run"] else "supprimés"
        self.stdout.write(f"Travaux {verb} : {jobs} ; fichiers {verb} : {files}.")
