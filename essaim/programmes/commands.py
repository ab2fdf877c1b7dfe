"""Management commands that work inside one programme: `--programme CODE`, which may be left out
on an installation with a single programme (docs/programmes.md)."""

from django.core.management.base import BaseCommand, CommandError

from essaim.programmes import scope
from essaim.programmes.models import Programme


def listing():
    codes = [f"{p.code} ({p.name})" for p in Programme.objects.all()]
    return ", ".join(codes) if codes else "aucun"


def named(code):
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise CommandError(f"Le programme « {code} » n'existe pas. Programmes de l'installation : {listing()}.")
    return programme


def resolve(code=None, *, innovation_code=None):
    """The programme a command works in: the one named, else the only one, else the one whose
    innovation carries `innovation_code` (when that code is unique across programmes). None on an
    installation without programmes. Several programmes and none chosen: a CommandError that lists
    them."""
    if code:
        return named(code)
    programmes = list(Programme.objects.all()[:2])
    if len(programmes) <= 1:
        return programmes[0] if programmes else None
    if innovation_code:
        from django.apps import apps

        innovation = apps.get_model("innovations", "Innovation")
        with scope.unscoped():
            owners = set(innovation.objects.filter(code=innovation_code).values_list("programme_id", flat=True))
        if len(owners) == 1:
            return Programme.objects.get(pk=owners.pop())
        if owners:
            raise CommandError(
                f"L'innovation « {innovation_code} » existe dans plusieurs programmes : "
                f"précisez lequel avec --programme. Programmes : {listing()}."
            )
    raise CommandError(f"Plusieurs programmes existent : précisez lequel avec --programme. Programmes : {listing()}.")


class ProgrammeCommand(BaseCommand):
    """A command run inside one programme. `innovation_option`: the option that names an innovation
    whose code may identify the programme."""

    innovation_option = None

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--programme",
            metavar="CODE",
            help="Code du programme (facultatif quand l'installation n'en a qu'un).",
        )
        return parser

    def programme(self, options):
        innovation_code = options.get(self.innovation_option) if self.innovation_option else None
        return resolve(options.get("programme"), innovation_code=innovation_code)

    def execute(self, *args, **options):
        with scope.activate(self.programme(options)):
            return super().execute(*args, **options)
