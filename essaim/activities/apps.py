from django.apps import AppConfig

from essaim.core.navigation import METHOD, PUBLIC, Entry


class ActivitiesConfig(AppConfig):
    name = "essaim.activities"
    # Records that cached reports read (core/cache.py): a write here shows at once.
    cached_reads = ("Activity", "Attendance")
    label = "activities"
    verbose_name = "Mobilisation, activités d'essaimage, boîte à outils et chartes"
    navigation = [
        Entry(
            "Activités d'essaimage",
            "activities:activity_list",
            23,
            allowed="essaim.activities.perms.can_view_calendar",
            current=("activities:",),
            menu=METHOD,
        ),
        Entry("Boîte à outils", "toolkit:list", 25, current=("toolkit:",), menu=METHOD),
        Entry("Boîte à outils", "toolkit:list", 20, current=("toolkit:",), audience=PUBLIC),
    ]
