from django.core.management.base import CommandError

from essaim.grids import scoring
from essaim.grids.enums import PHASES
from essaim.grids.models import Grid
from essaim.imports.export import csv_line
from essaim.innovations.models import Innovation
from essaim.programmes.commands import ProgrammeCommand


class Command(ProgrammeCommand):
    help = (
        "Imprime la grille d'une innovation pour une phase (la dernière notée par défaut) : une ligne par "
        "structure (son nom), une colonne par élément dans l'ordre de la grille, le libellé du niveau dans chaque "
        "case (vide si l'élément n'est pas noté)."
    )

    innovation_option = "code"

    def add_arguments(self, parser):
        parser.add_argument("code", help="Code de l'innovation (VITA-AIR, LREF…).")
        parser.add_argument("--phase", type=int, help="Phase 1, 2 ou 3 (par défaut : la dernière notée).")
        parser.add_argument("--format", choices=["csv"], default="csv", help="Format de sortie (csv).")

    def handle(self, *args, **options):
        code = options["code"]
        innovation = Innovation.objects.filter(code=code).first()
        if innovation is None:
            raise CommandError(f"Innovation inconnue « {code} ».")
        grid = Grid.objects.filter(innovation=innovation).select_related("scale", "innovation").first()
        if grid is None:
            raise CommandError(f"L'innovation « {code} » n'a pas de grille.")
        phase = options["phase"] or scoring.default_phase(grid)
        if phase not in PHASES:
            raise CommandError(f"Phase « {phase} » hors de la plage : {', '.join(map(str, PHASES))}.")
        header, rows = scoring.table(scoring.build(grid, phase))
        self.stdout.write(csv_line(header), ending="")
        for row in rows:
            self.stdout.write(csv_line(row), ending="")
