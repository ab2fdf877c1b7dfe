from django.apps import AppConfig

from essaim.core.navigation import Entry


class FollowupConfig(AppConfig):
    name = "essaim.followup"
    label = "followup"
    verbose_name = "Suivi des personnes"
    navigation = [
        Entry("Suivi", "followup:home", 70, allowed="essaim.followup.perms.can_open_followup", current=("followup:",))
    ]
