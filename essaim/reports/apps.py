from django.apps import AppConfig

from essaim.core.navigation import METHOD, PUBLIC, RESULTS, Entry


class ReportsConfig(AppConfig):
    verbose_name = "Rapports"
    name = "essaim.reports"
    todo = ["essaim.reports.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry("Tableau de bord", "reports:dashboard", 29, current=("reports:dashboard",), menu=RESULTS),
        Entry("La méthode, étape par étape", "reports:board", 20, current=("reports:board",), menu=METHOD),
        Entry(
            "Résultats par innovation",
            "reports:consolidated",
            30,
            current=("reports:consolidated", "reports:cell_source"),
            menu=RESULTS,
        ),
        Entry("Chiffres publiés", "reports:published", 32, current=("reports:published",), menu=RESULTS),
        Entry(
            "Vos programmes côte à côte",
            "reports:across",
            34,
            allowed="essaim.reports.perms.can_read_across",
            current=("reports:across",),
            menu=RESULTS,
        ),
        Entry("Chiffres clés", "reports:public", 10, current=("reports:public",), audience=PUBLIC),
    ]
    # The documents' figures beside the counts of an innovation's page (core/slots.py).
    slots = {"innovation_adoptions": "essaim.reports.published.beside_adoptions"}
    job_kinds = dict.fromkeys(
        ("consolidated", "innovation", "published", "comparison"), "essaim.reports.render.render_job"
    )
