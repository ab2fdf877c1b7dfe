from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "essaim.calls"
    label = "calls"
    verbose_name = "Appels à projets, sélection et études de faisabilité"
