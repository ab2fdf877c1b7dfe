from django.apps import AppConfig


class SwarmingConfig(AppConfig):
    verbose_name = "Essaimage"
    name = "essaim.swarming"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Adoption", "StatusChange")
