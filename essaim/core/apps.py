from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Socle"
    name = "essaim.core"
