from django.apps import AppConfig

from essaim.core.navigation import METHOD, Entry


class CallsConfig(AppConfig):
    name = "essaim.calls"
    label = "calls"
    verbose_name = "Appels à projets, sélection et études de faisabilité"
    todo = ["essaim.calls.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry(
            "Appels à projets",
            "calls:list",
            21,
            allowed="essaim.calls.perms.can_list_calls",
            current=("calls:",),
            menu=METHOD,
        ),
        Entry(
            "Études de faisabilité",
            "calls:feasibility_list",
            22,
            allowed="essaim.calls.perms.can_list_feasibility",
            current=("calls:feasibility_list", "calls:feasibility", "calls:attachment_add", "calls:attachment"),
            menu=METHOD,
        ),
    ]
