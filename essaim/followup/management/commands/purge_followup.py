from django.core.management.base import BaseCommand, CommandError

from essaim.followup.models import retention_limit
from essaim.followup.purge import purge_stale, purge_task, to_purge


class Command(BaseCommand):
    help = (
        "Purge les personnes sans contact depuis 2 ans (FOLLOWUP_RETENTION_DAYS) et le journal des accès de plus "
        "d'un an (FOLLOWUP_ACCESS_LOG_DAYS). Simulation par défaut : --wet-run pour effacer, --wet-run --enqueue "
        "pour confier l'effacement à la file des tâches (un worker, manage.py db_worker, l'effectue). "
        "À planifier (cron, minuteur systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Efface vraiment (sinon : simulation).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Avec --wet-run : met la purge dans la file des tâches."
        )

    def handle(self, *args, **options):
        if options["enqueue"] and not options["wet_run"]:
            raise CommandError("--enqueue met en file une purge réelle : ajoutez --wet-run (sans lui, simulation).")
        if not options["wet_run"]:
            self.stdout.write(
                f"Simulation : seraient effacées {described(*counts())}. Relancez avec --wet-run pour effacer."
            )
        elif options["enqueue"]:
            result = purge_task.enqueue()
            self.stdout.write(
                f"Purge mise dans la file des tâches (tâche {result.id}) : un worker (manage.py db_worker) l'effectue."
            )
        else:
            done = purge_stale()
            self.stdout.write(self.style.SUCCESS(f"Effacées : {described(done['people'], done['access_log_lines'])}."))


def counts():
    people, logs, _ = to_purge()
    return people.count(), logs.count()


def described(people, lines):
    limit = retention_limit()
    return f"{people} personne(s) sans contact depuis le {limit:%d/%m/%Y}, {lines} ligne(s) du journal des accès"
