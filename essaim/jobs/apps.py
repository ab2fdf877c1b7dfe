from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background work: a job row the user follows, and the runner. The work of each kind of
    job is declared by the app that owns it (`job_kinds` in its AppConfig)."""

    verbose_name = "Travaux en arrière-plan"
    name = "essaim.jobs"
