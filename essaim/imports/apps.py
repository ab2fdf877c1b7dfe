from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "essaim.imports"
    verbose_name = "Imports"
