from django.apps import AppConfig

from essaim.core.navigation import Entry


class WebConfig(AppConfig):
    """The web shell: the base template, the navigation gathered from the apps, error pages."""

    verbose_name = "Interface"
    name = "essaim.web"
    navigation = [Entry("Administration", "admin:index", 90, allowed="essaim.accounts.perms.is_programme_team")]
