from django.apps import AppConfig

from essaim.core.navigation import METHOD, Entry


class GridsConfig(AppConfig):
    verbose_name = "Évaluation embarquée"
    name = "essaim.grids"
    job_kinds = {"upload-ratings": "essaim.grids.file_views.upload_job"}  # large files (imports/upload_flow.py)
    todo = ["essaim.grids.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry(
            "Évaluation embarquée",
            "grids:index",
            24,
            allowed="essaim.grids.perms.can_open_evaluation",
            current=("grids:",),
            menu=METHOD,
        )
    ]
