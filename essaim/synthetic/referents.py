"""One referent account per synthetic structure: a person with an active lead membership of the
structure in the programme (structure member), a made-up address `referent-<n>@national.essaim.test`
(n: the structure's number in its key `syn-<n>`) and no usable password, so that the campaigns'
reminders have someone to reach (`organizations.referents`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from essaim.accounts.enums import Role
from essaim.accounts.models import Membership
from essaim.evaluation.campaigns import Reminder, ReminderLine
from essaim.programmes import scope
from essaim.synthetic.common import structures
from essaim.synthetic.tables import delete_all

DOMAIN = "national.essaim.test"
BATCH = 2000


def users():
    return get_user_model().objects.filter(email__endswith=f"@{DOMAIN}")


def remove():
    """The referents' accounts and what the generator and the reminders write about them or their
    structures: memberships, reminders and their lines (raw deletes: the ORM's cascade would visit
    every table that refers to an account, 5 s for 10,000). The accounts are not meant for anything
    else; a record written with one elsewhere makes the removal fail on its foreign key."""
    reminders = Reminder.objects.filter(user__in=users())
    delete_all(
        ReminderLine._base_manager.filter(structure__in=structures()),  # in every programme
        ReminderLine._base_manager.filter(reminder__in=reminders),
        reminders,
        Membership.objects.filter(structure__in=structures()),
        Membership.objects.filter(user__in=users()),
        users(),
    )


def write(structure_ids, now):
    """An account and a referent membership for each structure of `structure_ids` (pks of the
    structures written, in the order of their numbers); return how many."""
    User = get_user_model()
    # One unusable password for all: "!" and random characters, as set_unusable_password makes it.
    unusable = make_password(None)
    accounts = User.objects.bulk_create(
        (
            User(
                email=f"referent-{n}@{DOMAIN}",
                full_name=f"Référent synthétique n°{n}",
                password=unusable,
                date_joined=now,
            )
            for n in range(len(structure_ids))
        ),
        batch_size=BATCH,
    )
    programme_id = scope.current_id()
    Membership.objects.bulk_create(
        (
            Membership(
                user_id=account.pk,
                programme_id=programme_id,
                role=Role.STRUCTURE_MEMBER,
                structure_id=structure_id,
                is_lead=True,
                started_at=now,
            )
            for account, structure_id in zip(accounts, structure_ids, strict=True)
        ),
        batch_size=BATCH,
    )
    return len(accounts)
