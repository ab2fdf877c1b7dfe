from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "essaim.followup"
    label = "followup"
    verbose_name = "Suivi des personnes"
