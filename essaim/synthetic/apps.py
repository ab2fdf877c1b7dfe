from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    verbose_name = "Programme synthétique"
    name = "essaim.synthetic"
