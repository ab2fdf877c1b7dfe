from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    verbose_name = "Jeu de référence"
    name = "essaim.reference"
