from django.apps import AppConfig

from essaim.core.navigation import Entry


class InnovationsConfig(AppConfig):
    verbose_name = "Innovations"
    name = "essaim.innovations"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Innovation", "StepChange")
    navigation = [Entry("Innovations", "innovations:list", 40, current=("innovations:",))]
