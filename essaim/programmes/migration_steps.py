"""What the migrations that give existing records their programme share: an installation that
already holds records (the reference data, a programme imported before programmes existed) gets
the reference programme, and every record and account is attached to it."""

from django.db import migrations

from essaim.programmes.models import REFERENCE_CODE, REFERENCE_NAME


def reference_programme(apps):
    Programme = apps.get_model("programmes", "Programme")
    programme, created = Programme.objects.get_or_create(
        code=REFERENCE_CODE, defaults={"name": REFERENCE_NAME, "operator": "Ansa"}
    )
    if created and hasattr(programme, "people"):  # before memberships (accounts 0005) replaced it
        User = apps.get_model("accounts", "User")
        programme.people.add(*User.objects.values_list("pk", flat=True))
    return programme


def attach(app_label, *model_names, only=None):
    """A migration step: the records of these models that have no programme yet belong to the
    reference programme (`only`: a filter on which records, e.g. the indicators that are not
    standard)."""

    def forward(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            orphans = model._base_manager.filter(programme__isnull=True)
            if only:
                orphans = orphans.filter(**only)
            if orphans.exists():
                orphans.update(programme=reference_programme(apps))

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)
