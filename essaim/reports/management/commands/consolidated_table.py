import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from essaim.evaluation.enums import CellStatus
from essaim.imports.export import csv_line
from essaim.reports.consolidation import consolidate


def iso_date(raw):
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Date « {raw} » invalide : utilisez le format AAAA-MM-JJ.") from None


def printed_value(cell):
    """A number as a number; nc and ne as such, never 0; nothing when nothing was reported."""
    if cell.value is not None:
        return cell.value
    return str(cell.status) if cell.status in (CellStatus.NC, CellStatus.NE) else ""


class Command(BaseCommand):
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
        self.stdout.write(
            csv_line(["as_of", "innovation", "indicator", "value", "status", "reported", "expected", "source"]),
            ending="",
        )
        for row in table.rows:
            for indicator in table.indicators:
                cell = row.cells[indicator.code]
                line = [
                    as_of,
                    row.innovation.code,
                    indicator.code,
                    printed_value(cell),
                    cell.status,
                    cell.reported,
                    cell.expected,
                    cell.source or "",
                ]
                self.stdout.write(csv_line(line), ending="")
        for indicator in table.indicators:
            cell = table.total[indicator.code]
            line = [as_of, "TOTAL", indicator.code, printed_value(cell), cell.status, cell.reported, cell.expected, ""]
            self.stdout.write(csv_line(line), ending="")
