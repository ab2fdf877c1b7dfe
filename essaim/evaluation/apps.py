from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    verbose_name = "Évaluation"
    name = "essaim.evaluation"
