from django.apps import AppConfig

from essaim.core.navigation import RESULTS, Entry

# The indicator dictionary's pages, reached from the checks' page (its sub-navigation).
DICTIONARY_PAGES = (
    "evaluation:indicators",
    "evaluation:indicator_create",
    "evaluation:indicator_create_derived",
    "evaluation:indicator_edit",
    "evaluation:indicator_delete",
    "evaluation:indicator_history",
    "evaluation:rule_create",
    "evaluation:rule_edit",
    "evaluation:rule_delete",
    "evaluation:rule_history",
)


class EvaluationConfig(AppConfig):
    verbose_name = "Évaluation"
    name = "essaim.evaluation"
    job_kinds = {"upload-figures": "essaim.evaluation.figure_views.upload_job"}  # large files (imports/upload_flow.py)
    # Records that cached reports read (core/cache.py): a write here shows at once. Indicators
    # keep their history (the dictionary's pages): their last history row says they changed.
    cached_reads = ("Value", "Indicator")
    todo = ["essaim.evaluation.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry(
            "Contrôle des chiffres",
            "evaluation:violations",
            34,
            allowed="essaim.evaluation.perms.can_review_violations",
            current=("evaluation:violations", *DICTIONARY_PAGES),
            menu=RESULTS,
        ),
        Entry(
            "Campagnes de collecte",
            "evaluation:campaigns",
            35,
            allowed="essaim.accounts.perms.sees_everything",
            current=("evaluation:campaigns", "evaluation:campaign", "evaluation:campaign_create"),
            menu=RESULTS,
        ),
    ]
