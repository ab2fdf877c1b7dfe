from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    verbose_name = "Innovations"
    name = "essaim.innovations"
