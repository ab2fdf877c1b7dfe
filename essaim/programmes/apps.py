from django.apps import AppConfig

from essaim.core.navigation import ADMINISTRATION, Entry


class ProgrammesConfig(AppConfig):
    verbose_name = "Programmes"
    name = "essaim.programmes"
    navigation = [
        Entry(
            "Paramètres du programme",
            "programmes:settings",
            85,
            allowed="essaim.accounts.perms.is_programme_team",
            current=("programmes:settings",),
            menu=ADMINISTRATION,
        )
    ]
