from django.apps import AppConfig

from essaim.core.navigation import PUBLIC, Entry


class ReportsConfig(AppConfig):
    verbose_name = "Rapports"
    name = "essaim.reports"
    navigation = [
        Entry("Tableau de bord", "reports:dashboard", 10, current=("reports:dashboard",)),
        Entry("Méthode", "reports:board", 20, current=("reports:board", "grids:")),
        Entry("Résultats", "reports:consolidated", 30, current=("reports:consolidated",)),
        Entry("Chiffres clés", "reports:public", 10, current=("reports:public",), audience=PUBLIC),
    ]
    # The documents' figures beside the counts of an innovation's page (core/slots.py).
    slots = {"innovation_adoptions": "essaim.reports.published.beside_adoptions"}
    job_kinds = dict.fromkeys(("consolidated", "innovation", "published"), "essaim.reports.render.render_job")
