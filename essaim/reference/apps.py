from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    verbose_name = "Jeu de référence"
    name = "essaim.reference"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads_without_history = ("PublishedFigure",)
    # What depends on an indicator, for the indicator dictionary (evaluation/dictionary.py).
    indicator_uses = "essaim.reference.indicator_uses.published_figures"
