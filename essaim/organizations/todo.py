"""The structures the programme follows without a referent, for the team's to-do page."""

from django.urls import reverse

from essaim.accounts.perms import is_programme_team
from essaim.core.todo import WAITING, Item
from essaim.organizations import referents
from essaim.organizations.models import Structure
from essaim.programmes import scope


def items(user, today):
    programme = scope.current()
    if not is_programme_team(user) or programme is None:
        return []
    count = referents.with_referent_flag(Structure.objects.all(), programme).filter(needs_referent=True).count()
    if not count:
        return []
    return [
        Item(
            "Structures sans référent",
            f"{count} structure{'s' if count > 1 else ''} sans référent",
            f"{reverse('organizations:list')}?referent=sans",
            "Personne ne reçoit leurs relances : invitez un référent",
            tone=WAITING,
        )
    ]
