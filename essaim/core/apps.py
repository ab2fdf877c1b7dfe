from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """The database cache's table (CACHES["default"], shared by every process): made at every
    `migrate`, so that no set-up step can forget it. Does nothing when the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    verbose_name = "Socle"
    name = "essaim.core"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="essaim.core.create_cache_table")
