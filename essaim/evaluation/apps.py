from django.apps import AppConfig

from essaim.core.navigation import Entry


class EvaluationConfig(AppConfig):
    verbose_name = "Évaluation"
    name = "essaim.evaluation"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Value",)
    cached_reads_without_history = ("Indicator",)
    navigation = [
        Entry(
            "Contrôles",
            "evaluation:violations",
            80,
            allowed="essaim.evaluation.perms.can_review_violations",
            current=("evaluation:violations",),
        )
    ]
