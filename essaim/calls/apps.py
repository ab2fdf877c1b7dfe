from django.apps import AppConfig

from essaim.core.navigation import Entry


class CallsConfig(AppConfig):
    name = "essaim.calls"
    label = "calls"
    verbose_name = "Appels à projets, sélection et études de faisabilité"
    navigation = [Entry("Appels", "calls:list", 50, allowed="essaim.calls.perms.can_list_calls", current=("calls:",))]
