from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from essaim.followup.erasure import purge
from essaim.followup.models import AccessLog, Beneficiary, retention_limit


def to_purge(today=None):
    """People with no contact (last situation, or creation) for FOLLOWUP_RETENTION_DAYS, and
    access-log lines older than FOLLOWUP_ACCESS_LOG_DAYS. Fictitious demo people stay."""
    from datetime import timedelta

    today = today or timezone.localdate()
    limit = retention_limit(today)
    people = Beneficiary.objects.filter(is_demo=False).annotate(last=Max("enrolments__last_seen_on"))
    stale = people.filter(last__lt=limit) | people.filter(last__isnull=True, created_at__date__lt=limit)
    log_limit = timezone.now() - timedelta(days=settings.FOLLOWUP_ACCESS_LOG_DAYS)
    return stale, AccessLog.objects.filter(at__lt=log_limit), limit


class Command(BaseCommand):
    help = (
        "Purge les personnes sans contact depuis 2 ans (FOLLOWUP_RETENTION_DAYS) et le journal des accès de plus "
        "d'un an (FOLLOWUP_ACCESS_LOG_DAYS). Simulation par défaut : --wet-run pour effacer. À planifier (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Efface vraiment (sinon : simulation).")

    def handle(self, *args, **options):
        people, logs, limit = to_purge()
        n_people, n_logs = people.count(), logs.count()
        what = f"{n_people} personne(s) sans contact depuis le {limit:%d/%m/%Y}, {n_logs} ligne(s) du journal des accès"
        if not options["wet_run"]:
            self.stdout.write(f"Simulation : seraient effacées {what}. Relancez avec --wet-run pour effacer.")
            return
        with transaction.atomic():
            purge(list(people.values_list("pk", flat=True)))
            logs.delete()
        self.stdout.write(self.style.SUCCESS(f"Effacées : {what}."))
