"""The indicator dictionary keeps its history: a description for each indicator, the history of
indicators and validation rules, and a first history row for those that exist, their state when
the history opens (so that the first change shows what it changed).

SQLite adds the description column by rebuilding evaluation_indicator, which the triggers checking
the references of evaluation_value name (migration 0007, essaim/core/references.py): they are
removed for the rebuild and installed again after it."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from essaim.core import references

# The references of evaluation_value, as migration 0007 installed them.
VALUE_REFERENCES = {
    "innovation_id": "innovations_innovation",
    "structure_id": "organizations_structure",
    "indicator_id": "evaluation_indicator",
    "source_id": "sources_source",
}


def install_value_references(apps, schema_editor):
    references.install(schema_editor, "evaluation_value", VALUE_REFERENCES)


def remove_value_references(apps, schema_editor):
    references.remove(schema_editor, "evaluation_value", VALUE_REFERENCES)


OPENED = "État à l'ouverture de l'historique."


def open_history(apps, schema_editor):
    now = timezone.now()
    for name in ("Indicator", "ValidationRule"):
        model = apps.get_model("evaluation", name)
        historical = apps.get_model("evaluation", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{field: getattr(record, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason=OPENED,
            )
            for record in model.objects.order_by("pk")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0009_history_user_per_statement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_value_references, install_value_references),
        migrations.AddField(
            model_name="indicator",
            name="description",
            field=models.TextField(
                blank=True,
                help_text="Ce que l'indicateur compte, et comment, pour qui le saisit et qui le lit.",
                verbose_name="description",
            ),
        ),
        migrations.RunPython(install_value_references, remove_value_references),
        migrations.CreateModel(
            name="HistoricalIndicator",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        db_index=True,
                        error_messages={"unique": "Un indicateur porte déjà ce code."},
                        max_length=60,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z][a-z0-9_]*$",
                                "Le code s'écrit en minuscules, chiffres et « _ », par exemple « people_reached ».",
                                code="code_format",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                ("label", models.CharField(max_length=200, verbose_name="libellé")),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Ce que l'indicateur compte, et comment, pour qui le saisit et qui le lit.",
                        verbose_name="description",
                    ),
                ),
                ("unit", models.CharField(blank=True, max_length=40, verbose_name="unité")),
                (
                    "aggregation",
                    models.CharField(
                        choices=[("last", "Dernière valeur (stock ou cumul)"), ("sum", "Somme des périodes (flux)")],
                        default="last",
                        max_length=4,
                        verbose_name="agrégation",
                    ),
                ),
                (
                    "levels",
                    models.CharField(
                        choices=[
                            ("structure", "Structure"),
                            ("innovation", "Innovation"),
                            ("both", "Structure ou innovation"),
                        ],
                        default="both",
                        max_length=10,
                        verbose_name="niveau de saisie",
                    ),
                ),
                (
                    "operation",
                    models.CharField(
                        blank=True,
                        choices=[("sum", "Somme"), ("difference", "Différence"), ("ratio", "Rapport")],
                        max_length=10,
                        verbose_name="calcul",
                    ),
                ),
                (
                    "operands",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Codes des indicateurs, dans l'ordre.",
                        verbose_name="opérandes",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=100, verbose_name="ordre d'affichage")),
                ("is_standard", models.BooleanField(default=False, verbose_name="indicateur standard")),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicateur",
                "verbose_name_plural": "historical indicateurs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalValidationRule",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "code",
                    models.SlugField(
                        error_messages={"unique": "Une règle porte déjà ce code."},
                        help_text="Identifiant stable, par exemple « employment-within-people ».",
                        max_length=60,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="nom")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("comparison", "Comparaison entre deux indicateurs"),
                            ("bounds", "Bornes (minimum, maximum)"),
                            ("outlier", "Écart à l'historique"),
                        ],
                        max_length=10,
                        verbose_name="type de règle",
                    ),
                ),
                (
                    "comparator",
                    models.CharField(
                        blank=True,
                        choices=[("lte", "≤"), ("lt", "<"), ("eq", "="), ("gte", "≥"), ("gt", ">")],
                        help_text="Comparaison seulement.",
                        max_length=3,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "minimum",
                    models.PositiveBigIntegerField(
                        blank=True, help_text="Bornes seulement.", null=True, verbose_name="minimum"
                    ),
                ),
                (
                    "maximum",
                    models.PositiveBigIntegerField(
                        blank=True, help_text="Bornes seulement.", null=True, verbose_name="maximum"
                    ),
                ),
                (
                    "factor",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Écart à l'historique seulement : 3 signale plus de 3 fois ou moins du tiers de la médiane.",
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("1.01"), "Le facteur doit être supérieur à 1."
                            )
                        ],
                        verbose_name="facteur",
                    ),
                ),
                (
                    "min_history",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="Écart à l'historique seulement : nombre de valeurs précédentes (nombres) nécessaires.",
                        validators=[
                            django.core.validators.MinValueValidator(1, "Il faut au moins une valeur précédente.")
                        ],
                        verbose_name="historique minimal",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="explication")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="evaluation.indicator",
                        verbose_name="indicateur",
                    ),
                ),
                (
                    "other_indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Comparaison seulement : l'indicateur à droite de l'opérateur.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="evaluation.indicator",
                        verbose_name="second indicateur",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical règle de contrôle",
                "verbose_name_plural": "historical règles de contrôle",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(open_history, migrations.RunPython.noop),
    ]
