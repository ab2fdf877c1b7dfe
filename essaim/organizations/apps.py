from django.apps import AppConfig

from essaim.core.navigation import Entry


class OrganizationsConfig(AppConfig):
    verbose_name = "Structures"
    name = "essaim.organizations"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Structure",)
    navigation = [
        Entry(
            "Structures",
            "organizations:list",
            60,
            allowed="essaim.organizations.perms.can_list_structures",
            current=("organizations:",),
        )
    ]
