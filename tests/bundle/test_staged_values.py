"""values.csv in both paths (tests/bundle/conftest.py): the plan's detail, columns read but not
stored, and nothing left behind."""

from django.db import connection

from essaim.bundle.lookups import Lookups
from essaim.bundle.staged_values import StagedValuesImport
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
