"""adoptions.csv's optional `status_on`: the day a status took effect. Without the column, a
file imports as before (first status dated `since`, a change dated the import day)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from essaim.bundle.exporter import export_bundle
from essaim.core.history import record
from essaim.swarming.models import Adoption, StatusChange
from tests.bundle.helpers import counts, located, run, write_bundle

HEADER = "innovation,structure,status,status_on,since\n"


def adoptions(*lines, header=HEADER):
    return header + "".join(f"{line}\n" for line in lines)


def history(key):
    return list(
        StatusChange.objects.filter(adoption__structure__key=key).order_by("on", "id").values_list("status", "on")
    )


@pytest.fixture
def imported(bundle, db):
    """The small bundle imported: aci-grenoble trained (2016-06-01), chrs-lyon selected (2017-01-15)."""
    assert run(bundle).ok
    return bundle


def refused(directory):
    before = counts()
    result = run(directory)
    assert not result.ok and not result.written
    assert counts() == before
    return located(result)


def test_without_the_column_a_file_imports_as_before(imported):
    today = timezone.localdate()
    write_bundle(imported, adoptions="innovation,structure,status,since\nALPHA,chrs-lyon,abandoned,2017-01-15\n")
    assert run(imported).ok
    assert history("chrs-lyon") == [("selected", date(2017, 1, 15)), ("abandoned", today)]
    assert history("aci-grenoble") == [("trained", date(2016, 6, 1))]


def test_a_first_status_takes_its_date(bundle, db):
    write_bundle(
        bundle,
        adoptions=adoptions("ALPHA,aci-grenoble,trained,2016-11-30,2016-06-01", "ALPHA,chrs-lyon,selected,,2017-01-15"),
    )
    assert run(bundle).ok
    assert history("aci-grenoble") == [("trained", date(2016, 11, 30))]
    assert history("chrs-lyon") == [("selected", date(2017, 1, 15))]  # an empty cell: dated `since`, as before


def test_a_change_takes_its_past_date(imported):
    write_bundle(imported, adoptions=adoptions("ALPHA,chrs-lyon,abandoned,2018-03-01,2017-01-15"))
    result = run(imported)
    assert result.ok
    assert history("chrs-lyon") == [("selected", date(2017, 1, 15)), ("abandoned", date(2018, 3, 1))]
    assert Adoption.objects.get(structure__key="chrs-lyon").status == "abandoned"


def test_the_current_status_with_a_date_changes_nothing(imported):
    write_bundle(imported, adoptions=adoptions("ALPHA,chrs-lyon,selected,2018-03-01,2017-01-15"))
    result = run(imported)
    assert result.ok and not result.plan.changed
    assert history("chrs-lyon") == [("selected", date(2017, 1, 15))]


@pytest.mark.parametrize(
    "line, message",
    [
        ("ALPHA,chrs-lyon,abandoned,2016-12-31,2017-01-15", "L'historique ne peut pas remonter le temps"),
        (f"ALPHA,chrs-lyon,abandoned,{date.today() + timedelta(days=2)},2017-01-15", "futur"),
        ("ALPHA,chrs-lyon,,2018-03-01,2017-01-15", "une date de statut sans statut"),
        ("ALPHA,chrs-lyon,abandoned,2018-02-30,2017-01-15", "2018-02-30"),
    ],
)
def test_a_bad_date_is_refused_on_its_column(imported, line, message):
    write_bundle(imported, adoptions=adoptions(line))
    ((file, row, column, text),) = refused(imported)
    assert (file, row, column) == ("adoptions.csv", 2, "status_on")
    assert message in text


def test_a_new_adoption_dated_in_the_future_is_refused(bundle, db):
    future = date.today() + timedelta(days=2)
    write_bundle(
        bundle,
        adoptions=adoptions(f"ALPHA,aci-grenoble,trained,{future},2016-06-01", "ALPHA,chrs-lyon,selected,,2017-01-15"),
    )
    ((file, row, column, text),) = refused(bundle)
    assert (file, row, column) == ("adoptions.csv", 2, "status_on")
    assert "futur" in text


def test_the_export_writes_the_date_of_the_latest_status(imported, tmp_path):
    adoption = Adoption.objects.get(structure__key="chrs-lyon")
    record(StatusChange, adoption, "trained", date(2017, 6, 30))
    out = tmp_path / "export"
    export_bundle(out)
    lines = (out / "adoptions.csv").read_text().splitlines()
    assert lines == [
        "innovation,structure,status,status_on,since",
        "ALPHA,aci-grenoble,trained,2016-06-01,2016-06-01",
        "ALPHA,chrs-lyon,trained,2017-06-30,2017-01-15",
    ]
