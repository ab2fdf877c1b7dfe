import django.db.models.deletion
from django.db import migrations, models

import essaim.programmes.migration_steps
import essaim.programmes.models


def field(**options):
    return models.ForeignKey(
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="committee_members",
        to="programmes.programme",
        verbose_name="programme",
        **options,
    )


class Migration(migrations.Migration):
    """The members of a steering committee belong to a programme, that of their innovation, or the
    programme's own steering committee (no innovation)."""

    dependencies = [
        ("activities", "0005_activity_programme_event_programme_and_more"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="committeemember", name="programme", field=field(null=True)),
        essaim.programmes.migration_steps.attach("activities", "committeemember"),
        migrations.AlterField(
            model_name="committeemember",
            name="programme",
            field=field(default=essaim.programmes.models.default_programme),
        ),
    ]
