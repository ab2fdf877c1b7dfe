from django.apps import AppConfig

from essaim.core.navigation import PUBLIC, Entry


class ActivitiesConfig(AppConfig):
    name = "essaim.activities"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Activity", "Attendance")
    label = "activities"
    verbose_name = "Mobilisation, activités d'essaimage, boîte à outils et chartes"
    navigation = [Entry("Boîte à outils", "toolkit:list", 20, current=("toolkit:",), audience=PUBLIC)]
