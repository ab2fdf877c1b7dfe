from django.core.management.base import CommandError

from essaim.evaluation.validation import check_values
from essaim.innovations.models import Innovation
from essaim.programmes.commands import ProgrammeCommand


class Command(ProgrammeCommand):
    help = (
        "Contrôle les valeurs avec les règles actives, enregistre les anomalies (sans doublon ; "
        "celles qui ne tiennent plus sont levées, sauf si elles ont été vérifiées) et affiche un résumé."
    )

    innovation_option = "innovation"

    def add_arguments(self, parser):
        parser.add_argument("--innovation", metavar="CODE", help="Ne contrôler que cette innovation (son code).")

    def handle(self, *args, **options):
        scope = None
        if options["innovation"]:
            scope = Innovation.objects.filter(code=options["innovation"]).first()
            if scope is None:
                raise CommandError(f"Innovation inconnue : « {options['innovation']} ».")
        result = check_values(scope)
        for violation in result.open:
            self.stdout.write(f"- [{violation.rule.code}] {violation.message}")
        self.stdout.write(self.style.SUCCESS(result.summary()) if not result.open else result.summary())
