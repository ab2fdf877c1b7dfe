from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    verbose_name = "Programmes"
    name = "essaim.programmes"
