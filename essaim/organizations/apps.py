from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    verbose_name = "Structures"
    name = "essaim.organizations"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Structure",)
