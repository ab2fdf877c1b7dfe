from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone

from essaim.programmes.commands import ProgrammeCommand
from essaim.reports.render import FORMATS, ReportError, render


class Command(ProgrammeCommand):
    help = (
        "Écrit un rapport dans un fichier : render_report consolidated --as-of AAAA-MM-JJ --format pdf|xlsx "
        "--output FICHIER, ou render_report innovation CODE …"
    )

    innovation_option = "code"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["consolidated", "innovation"])
        parser.add_argument("code", nargs="?", help="Code de l'innovation (rapport d'innovation).")
        parser.add_argument("--as-of", dest="as_of", help="Date AAAA-MM-JJ (par défaut : aujourd'hui).")
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("--output", required=True, help="Fichier à écrire.")

    def handle(self, *args, kind, code, as_of, format, output, **options):
        if kind == "innovation" and not code:
            raise CommandError("Donnez le code de l'innovation : render_report innovation VITA-AIR …")
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"Date « {as_of} » invalide : utilisez le format AAAA-MM-JJ.") from None
        try:
            rendered = render(kind, day, format, code=code)
        except ReportError as error:
            raise CommandError(str(error)) from None
        with open(output, "wb") as handle:
            handle.write(rendered.content)
        self.stdout.write(f"{output} : {len(rendered.content)} octets ({rendered.filename}).")
