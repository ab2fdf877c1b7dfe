from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    verbose_name = "Territoires"
    name = "essaim.territories"
