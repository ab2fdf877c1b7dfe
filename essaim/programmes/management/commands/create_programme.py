from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from essaim.accounts.enums import Role
from essaim.accounts.models import Membership, User
from essaim.programmes.models import Programme


class Command(BaseCommand):
    help = 'Crée un programme (un accélérateur de plus sur cette installation) : create_programme CODE "NOM".'

    def add_arguments(self, parser):
        parser.add_argument("code", help="Code du programme, en majuscules : OCC, AIS-EMPLOI…")
        parser.add_argument("name", help="Nom du programme.")
        parser.add_argument("--operator", default="", help="Qui l'anime.")
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="COURRIEL",
            help="Compte qui entre dans son équipe (répétable).",
        )

    def handle(self, *args, code, name, operator, member, **options):
        if Programme.objects.filter(code=code).exists():
            raise CommandError(f"Le programme « {code} » existe déjà.")
        programme = Programme(code=code, name=name, operator=operator)
        try:
            programme.full_clean()
        except ValidationError as error:
            details = " ; ".join(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(f"Programme refusé — {details}") from None
        users = []
        for email in member:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"Aucun compte n'a l'adresse « {email} ».")
            users.append(user)
        programme.save()
        for user in users:
            Membership.objects.get_or_create(user=user, programme=programme, role=Role.PROGRAMME_TEAM, ended_at=None)
        self.stdout.write(self.style.SUCCESS(f"Programme « {programme.code} » créé : {programme.name}."))
