from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "essaim.activities"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Activity", "Attendance")
    label = "activities"
    verbose_name = "Mobilisation, activités d'essaimage, boîte à outils et chartes"
