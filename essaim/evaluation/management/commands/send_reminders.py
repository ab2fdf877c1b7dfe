import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from essaim.evaluation import reminders


class Command(BaseCommand):
    help = (
        "Relance les référents des structures qui n'ont pas transmis les chiffres d'une campagne de collecte : "
        "un message par personne et par jour, qui regroupe ses structures et programmes (7 jours et 1 jour avant "
        "l'échéance, le lendemain, puis chaque semaine jusqu'au verrouillage). À planifier chaque jour. "
        "Relancé le même jour, il n'envoie rien deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="N'envoie rien : dit à qui il écrirait.")
        parser.add_argument("--as-of", help="Le jour des relances (AAAA-MM-JJ) ; aujourd'hui par défaut.")

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["as_of"]:
            try:
                day = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of : « {options['as_of']} » n'est pas une date AAAA-MM-JJ.") from None
        outcomes = reminders.run(day, dry_run=options["dry_run"])
        for digest, outcome in outcomes:
            structures = ", ".join(sorted({o.structure.name for o in digest.owed}))
            self.stdout.write(f"{digest.email} : {len(digest.owed)} réponse(s) attendue(s) ({structures}) — {outcome}")
        sent = sum(1 for _, outcome in outcomes if outcome == "envoyé")
        self.stdout.write(f"Relances du {day:%d/%m/%Y} : {len(outcomes)} destinataire(s), {sent} message(s) envoyé(s).")
