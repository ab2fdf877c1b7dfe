"""The installation's operator merges a duplicate that several programmes use (a programme's team
merges only within its own: organizations/merge.py)."""

from django.core.management.base import BaseCommand, CommandError

from essaim.organizations.merge import MergeRefused, merge, what_moves
from essaim.organizations.models import Structure
from essaim.programmes.scope import unscoped


class Command(BaseCommand):
    help = "Fusionne une structure en double dans une autre, pour tous les programmes (numéros des fiches)."

    def add_arguments(self, parser):
        parser.add_argument("kept", type=int, help="Numéro de la fiche gardée.")
        parser.add_argument("duplicate", type=int, help="Numéro de la fiche en double, supprimée.")
        parser.add_argument("--dry-run", action="store_true", help="Dire ce qui passerait, sans rien changer.")

    def handle(self, *args, kept, duplicate, dry_run, **options):
        with unscoped():
            try:
                kept, duplicate = Structure.objects.get(pk=kept), Structure.objects.get(pk=duplicate)
            except Structure.DoesNotExist as missing:
                raise CommandError("Aucune structure ne porte ce numéro.") from missing
            moves = what_moves(duplicate)
            for name, count in moves:
                self.stdout.write(f"  {name} : {count}")
            if dry_run:
                return
            try:
                merge(kept, duplicate, None, None)
            except MergeRefused as refused:
                raise CommandError(" ".join(refused.reasons)) from refused
        self.stdout.write(self.style.SUCCESS(f"« {duplicate.name} » est fusionnée dans « {kept.name} »."))
