from django.apps import AppConfig

from essaim.core.navigation import ADMINISTRATION, Entry


class WebConfig(AppConfig):
    """The web shell: the base template, the navigation gathered from the apps, error pages,
    the session's limits and the second factor required of sensitive accounts (middleware.py)."""

    verbose_name = "Interface"
    name = "essaim.web"
    navigation = [
        Entry("À faire", "web:todo", 5, current=("web:todo",)),
        Entry(
            "Interface d'administration",
            "admin:index",
            90,
            allowed="essaim.accounts.perms.uses_admin",
            menu=ADMINISTRATION,
        ),
    ]

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from essaim.web.middleware import start_session

        user_logged_in.connect(start_session, dispatch_uid="essaim.web.start_session")
