from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    verbose_name = "Évaluation"
    name = "essaim.evaluation"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Value",)
    cached_reads_without_history = ("Indicator",)
