from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "essaim.activities"
    label = "activities"
    verbose_name = "Mobilisation, activités d'essaimage, boîte à outils et chartes"
