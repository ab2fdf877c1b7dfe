"""All or nothing, dry runs and write-time errors, on a small import of sources."""

import pytest
from django.core.exceptions import ValidationError

from essaim.imports import parsers
from essaim.imports.plan import Outcome
from essaim.imports.readers import csv_table
from essaim.imports.run import FileImport, run_import
from essaim.imports.spec import Column, FileSpec
from essaim.imports.validation import apply, changed_fields, full_clean
from essaim.sources.models import Source


class SourcesImport(FileImport):
    spec = FileSpec(
        "sources.csv",
        columns=(
            Column("key", required=True, blank=False, parse=parsers.text),
            Column("title", required=True, blank=False, parse=parsers.text),
        ),
        key=("key",),
    )
    fail_on_write = False

    def check(self, rows, errors, plan):
        saved = {s.key: s for s in Source.objects.all()}
        self.to_save = []
        for row in rows:
            if not row.ok:
                continue
            values = {"title": row.values["title"]}
            source = saved.get(row.values["key"])
            if source is None:
                source, outcome, changed = Source(key=row.values["key"], **values), Outcome.NEW, []
            else:
                changed = changed_fields(source, values)
                apply(source, values)
                outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            if outcome is not Outcome.UNCHANGED:
                if not full_clean(source, self.spec, row.number, errors):
                    continue
                self.to_save.append((row.number, source))
            plan.add(self.file, row.number, source.key, outcome, changed)

    def write(self, errors):
        for number, source in self.to_save:
            source.save()
            if self.fail_on_write:
                errors.add(self.file, number, "key", "refusé à l'écriture")


def sources(text):
    return SourcesImport(csv_table(text.encode(), "sources.csv"))


def test_valid_file_is_written(db):
    result = run_import([sources("key,title\na,Alpha\nb,Bêta\n")])
    assert result.ok and result.written
    assert result.encodings == {"sources.csv": "UTF-8"}
    assert sorted(Source.objects.values_list("key", "title")) == [("a", "Alpha"), ("b", "Bêta")]


def test_one_error_and_nothing_is_written(db):
    result = run_import([sources("key,title\na,Alpha\nnot a slug,Bêta\n")])
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "key")]
    assert Source.objects.count() == 0


def test_model_errors_land_on_their_column(db):
    result = run_import([sources("key,title\na," + "t" * 301 + "\n")])
    assert [(e.row, e.column) for e in result.errors] == [(2, "title")]
    assert "300" in result.errors[0].message


def test_dry_run_plans_without_writing(db):
    Source.objects.create(key="a", title="Alpha")
    Source.objects.create(key="b", title="Bêta")
    result = run_import([sources("key,title\na,Alpha\nb,Beta\nc,Gamma\n")], dry_run=True)
    assert result.ok and not result.written
    assert result.plan.summary("sources.csv") == "1 nouveau, 1 modifié, 1 inchangé"
    assert [(c.key, c.outcome, c.fields) for c in result.plan.changes] == [
        ("b", Outcome.UPDATED, ("title",)),
        ("c", Outcome.NEW, ()),
    ]
    assert sorted(Source.objects.values_list("key", "title")) == [("a", "Alpha"), ("b", "Bêta")]


def test_an_error_found_while_writing_rolls_everything_back(db):
    failing = sources("key,title\na,Alpha\n")
    failing.fail_on_write = True
    result = run_import([sources("key,title\nz,Zeta\n"), failing])
    assert not result.written
    assert [str(e) for e in result.errors] == ["sources.csv, ligne 2, colonne « key » : refusé à l'écriture"]
    assert Source.objects.count() == 0


def test_earlier_errors_stop_the_write_but_every_file_is_checked(db):
    from essaim.imports.errors import RowError

    opened = [RowError("other.csv", None, None, "fichier vide")]
    result = run_import([sources("key,title\nbad key,x\n")], errors=opened)
    assert [e.file for e in result.errors] == ["other.csv", "sources.csv"]
    assert Source.objects.count() == 0


def test_validation_error_without_fields():
    from essaim.imports.errors import ErrorList
    from essaim.imports.validation import report

    errors = ErrorList()
    report(ValidationError("global"), SourcesImport.spec, 4, errors)
    assert str(errors[0]) == "sources.csv, ligne 4 : global"


@pytest.mark.parametrize("limit, kept", [(10, 3), (2, 2)])
def test_plan_keeps_the_detail_of_the_first_changes(limit, kept):
    from essaim.imports.plan import Plan

    plan = Plan(detail_limit=limit)
    for n in range(3):
        plan.add("f.csv", n + 2, lambda n=n: f"k{n}", Outcome.NEW)
    assert plan.count("f.csv", Outcome.NEW) == 3
    assert len(plan.changes) == kept
    assert ("f.csv" in plan.truncated) is (kept < 3)


def test_a_plan_counts_without_detail():
    from essaim.imports.plan import Plan

    plan = Plan(detail_limit=2)
    plan.add("f.csv", 2, "a", Outcome.NEW)
    plan.tally("f.csv", Outcome.UNCHANGED, 5)
    assert plan.truncated == set()
    plan.tally("f.csv", Outcome.UPDATED, 2)
    assert plan.summary("f.csv") == "1 nouveau, 2 modifiés, 5 inchangés"
    assert plan.truncated == {"f.csv"}
