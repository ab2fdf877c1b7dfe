from django.apps import AppConfig

from essaim.core.navigation import Entry


class OrganizationsConfig(AppConfig):
    verbose_name = "Structures"
    name = "essaim.organizations"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Structure",)
    todo = ["essaim.organizations.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry(
            "Structures",
            "organizations:list",
            60,
            allowed="essaim.organizations.perms.can_list_structures",
            current=("organizations:",),
        )
    ]
