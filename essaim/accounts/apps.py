from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save

from essaim.core.navigation import ADMINISTRATION, Entry

ACCOUNTS = ADMINISTRATION  # the programme's people and invitations, beside the technical admin


def create_cache_table(using="default", **kwargs):
    """The table of the database cache (CACHES["default"], shared by every process), where the
    login rate limits live: made at every `migrate`, so that no set-up step can forget it. Does
    nothing when the table exists, or when the cache is Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    verbose_name = "Comptes"
    name = "essaim.accounts"
    navigation = [
        Entry(
            "Personnes",
            "accounts:people",
            64,
            allowed="essaim.accounts.perms.is_programme_team",
            current=("accounts:people",),
            menu=ACCOUNTS,
        ),
        Entry(
            "Invitations",
            "accounts:invitations",
            65,
            allowed="essaim.accounts.invitations.may_invite",
            current=("accounts:invitations", "accounts:invite"),
            menu=ACCOUNTS,
        ),
    ]

    def ready(self):
        from essaim.accounts import security_events
        from essaim.accounts.addresses import on_user_saved

        post_save.connect(on_user_saved, sender=self.get_model("User"), dispatch_uid="essaim.accounts.addresses")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="essaim.accounts.create_cache_table")
        security_events.connect()
