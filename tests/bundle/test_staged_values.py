"""values.csv in both paths (tests/bundle/conftest.py): the plan's detail, columns read but not
stored, and nothing left behind."""

from datetime import date

from django.db import connection

from essaim.evaluation.import_lookups import Lookups
from essaim.evaluation.models import Value
from essaim.evaluation.staged_values import StagedValuesImport
from essaim.imports.plan import Outcome, Plan
from essaim.imports.readers import csv_table
from essaim.imports.run import run_import
from tests.bundle.helpers import run

HEADER = "innovation,structure,structure_name,indicator,indicator_label,period_end,value,comment\n"


def values_import(text):
    return StagedValuesImport(csv_table(text.encode(), "values.csv"), Lookups())


def test_the_plan_details_its_first_changes_and_counts_the_rest(bundle, db):
    assert run(bundle).ok
    rows = [
        "ALPHA,aci-grenoble,ACI,people_reached,Personnes,2018-12-31,13,",  # updated
        "ALPHA,chrs-lyon,CHRS,people_reached,Personnes,2018-12-31,nc,non transmis",  # unchanged
        "ALPHA,chrs-lyon,CHRS,people_reached,Personnes,2019-12-31,4,",  # new
        "ALPHA,,Toute l'innovation,meals_served,Repas,2019-12-31,5,",  # new
        "ALPHA,aci-grenoble,ACI,people_reached,Personnes,2019-12-31,6,",  # new
    ]
    plan = Plan(detail_limit=2)
    result = run_import([values_import(HEADER + "\n".join(rows) + "\n")], dry_run=True, plan=plan)
    assert result.ok, result.errors
    assert [(c.row, c.key, c.outcome, c.fields) for c in plan.changes] == [
        (2, "ALPHA · aci-grenoble · people_reached · 2018-12-31", Outcome.UPDATED, ("number",)),
        (4, "ALPHA · chrs-lyon · people_reached · 2019-12-31", Outcome.NEW, ()),
    ]
    assert plan.summary("values.csv") == "3 nouveaux, 1 modifié, 1 inchangé"
    assert plan.truncated == {"values.csv"}


def test_read_only_columns_are_checked_but_not_stored(bundle, db):
    assert run(bundle).ok
    text = HEADER + "ALPHA,aci-grenoble," + "n" * 1001 + ",people_reached,Personnes,2018-12-31,12,\n"
    result = run_import([values_import(text)])
    assert [(e.row, e.column) for e in result.errors] == [(2, "structure_name")]


def test_no_temporary_table_is_left_behind(bundle, db):
    assert run(bundle).ok
    assert run(bundle, dry_run=True).ok
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'essaim_stage%%'")
            assert cursor.fetchone() == (0,)


def stored():
    return sorted(
        Value.objects.values_list(
            "innovation__code", "structure__key", "indicator__code", "period_end", "kind", "number", "comment"
        ),
        key=str,
    )


def test_new_values_for_saved_records_are_inserted_in_the_order_of_the_unit_index(bundle, db, values_path):
    """Every record the file names is saved already: the staged plan holds their ids and the
    order of unique_structure_value as one number. Both paths store the same values."""
    assert run(bundle).ok
    rows = [
        "ALPHA,chrs-lyon,people_reached,2019-12-31,4,",
        "ALPHA,,meals_served,2019-06-30,5,",
        "ALPHA,aci-grenoble,people_reached,2019-12-31,6,",
        "ALPHA,aci-grenoble,people_reached,2019-06-30,ne,pas évalué",
        "ALPHA,chrs-lyon,people_reached,2019-06-30,nc,",
    ]
    text = "innovation,structure,indicator,period_end,value,comment\n" + "\n".join(rows) + "\n"
    importer = values_import(text)
    result = run_import([importer])
    assert result.ok, result.errors
    assert (getattr(importer, "ranks", None) is not None) == (values_path == "staged")
    assert stored() == sorted(
        [
            ("ALPHA", "aci-grenoble", "people_reached", date(2018, 12, 31), "number", 12, ""),
            ("ALPHA", "chrs-lyon", "people_reached", date(2018, 12, 31), "nc", None, "non transmis"),
            ("ALPHA", None, "meals_served", date(2018, 12, 31), "number", 340, ""),
            ("ALPHA", "chrs-lyon", "people_reached", date(2019, 12, 31), "number", 4, ""),
            ("ALPHA", None, "meals_served", date(2019, 6, 30), "number", 5, ""),
            ("ALPHA", "aci-grenoble", "people_reached", date(2019, 12, 31), "number", 6, ""),
            ("ALPHA", "aci-grenoble", "people_reached", date(2019, 6, 30), "ne", None, "pas évalué"),
            ("ALPHA", "chrs-lyon", "people_reached", date(2019, 6, 30), "nc", None, ""),
        ],
        key=str,
    )
    if values_path == "staged":  # inserted by indicator, innovation, structure, period end
        new = Value.objects.filter(period_end__year=2019).order_by("pk")
        order = [(v.indicator_id, v.innovation_id, v.structure_id or 0, v.period_end) for v in new]
        assert order == sorted(order)


def test_a_file_of_new_values_counts_the_rows_the_rules_let_through(bundle, db):
    """Nothing saved for the file's periods: the staged plan counts the rows it keeps, without
    reading them again; both paths give the same count."""
    assert run(bundle).ok
    rows = [
        "ALPHA,chrs-lyon,people_reached,2020-12-31,4,",
        "ALPHA,chrs-lyon,people_involved_total,2020-12-31,4,",  # a computed indicator: refused
        "ALPHA,aci-grenoble,people_reached,2020-12-31,6,",
    ]
    text = "innovation,structure,indicator,period_end,value,comment\n" + "\n".join(rows) + "\n"
    plan = Plan()
    result = run_import([values_import(text)], dry_run=True, plan=plan)
    assert [(e.row, e.column) for e in result.errors] == [(3, "indicator")]
    assert plan.summary("values.csv") == "2 nouveaux, 0 modifié, 0 inchangé"
