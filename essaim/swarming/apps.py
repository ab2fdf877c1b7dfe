from django.apps import AppConfig


class SwarmingConfig(AppConfig):
    verbose_name = "Essaimage"
    name = "essaim.swarming"
