import getpass
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from essaim.followup.enums import Action
from essaim.followup.erasure import erase
from essaim.followup.models import Beneficiary, log_access
from essaim.followup.people_views import person_data
from essaim.followup.pseudonym import check_reference, pseudonym
from essaim.organizations.models import Structure


class Command(BaseCommand):
    help = (
        "Exporte ou efface les données d'une personne, à sa demande. La référence est lue sur l'entrée standard "
        "(ou demandée sans écho), jamais en argument : elle n'apparaît ni dans l'historique du terminal ni dans la "
        "liste des processus."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--structure", required=True, help="Identifiant stable de la structure (Structure.key).")
        parser.add_argument("--wet-run", action="store_true", help="Pour « erase » : efface vraiment.")

    def handle(self, *args, **options):
        structure = Structure.objects.filter(key=options["structure"]).first()
        if structure is None:
            raise CommandError("Structure inconnue.")
        raw = getpass.getpass("Référence : ") if sys.stdin.isatty() else sys.stdin.readline()
        try:
            reference = check_reference(raw)
        except Exception as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        person = Beneficiary.objects.filter(structure=structure, pseudonym=pseudonym(structure.pk, reference)).first()
        if person is None:
            raise CommandError("Aucune personne suivie par cette structure sous cette référence.")
        if options["action"] == "export":
            log_access(None, Action.EXPORT_PERSON, structure=structure, beneficiary=person)
            self.stdout.write(json.dumps(person_data(person), ensure_ascii=False, indent=2))
            return
        if not options["wet_run"]:
            self.stdout.write(
                f"Simulation : la personne {person.alias} et tout son suivi seraient effacés (--wet-run)."
            )
            return
        erase(person)
        self.stdout.write(self.style.SUCCESS(f"Personne {person.alias} effacée."))
