import json
from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone

from essaim.evaluation.consolidation import consolidate
from essaim.programmes.commands import ProgrammeCommand
from essaim.reports.exports import consolidated_csv_lines


def iso_date(raw):
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Date « {raw} » invalide : utilisez le format AAAA-MM-JJ.") from None


class Command(ProgrammeCommand):
    help = "Affiche le tableau consolidé (innovations × indicateurs) à une date, en JSON ou en CSV."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="Date AAAA-MM-JJ (par défaut : aujourd'hui).")
        parser.add_argument("--from", dest="start", help="Pour les indicateurs de flux : début AAAA-MM-JJ.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        as_of = iso_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        start = iso_date(options["start"]) if options["start"] else None
        table = consolidate(as_of, start=start)
        if options["format"] == "json":
            self.stdout.write(json.dumps(table.as_dict(), ensure_ascii=False, indent=2))
            return
        for line in consolidated_csv_lines(table):
            self.stdout.write(line, ending="")
