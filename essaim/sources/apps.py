from django.apps import AppConfig


class SourcesConfig(AppConfig):
    verbose_name = "Sources"
    name = "essaim.sources"
