from django.apps import AppConfig

from essaim.core.navigation import ADMINISTRATION, Entry


class JobsConfig(AppConfig):
    """Background work: a job row the user follows, and the runner. The work of each kind of
    job is declared by the app that owns it (`job_kinds` in its AppConfig)."""

    verbose_name = "Travaux en arrière-plan"
    name = "essaim.jobs"
    todo = ["essaim.jobs.todo.items"]  # the to-do page (core/todo.py)
    navigation = [
        Entry(
            "Travaux en arrière-plan",
            "jobs:index",
            66,
            allowed="essaim.accounts.perms.is_programme_team",
            current=("jobs:",),
            menu=ADMINISTRATION,
        ),
    ]
