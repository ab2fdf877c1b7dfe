from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    verbose_name = "Structures"
    name = "essaim.organizations"
