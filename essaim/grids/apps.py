from django.apps import AppConfig


class GridsConfig(AppConfig):
    verbose_name = "Évaluation embarquée"
    name = "essaim.grids"
