from django.apps import AppConfig


class BundleConfig(AppConfig):
    name = "essaim.bundle"
    verbose_name = "Paquet CSV ouvert"
