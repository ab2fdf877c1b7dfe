from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    verbose_name = "Innovations"
    name = "essaim.innovations"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Innovation", "StepChange")
