from django.apps import AppConfig


class ReportsConfig(AppConfig):
    verbose_name = "Rapports"
    name = "essaim.reports"
