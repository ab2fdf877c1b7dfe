"""On PostgreSQL, the whole table's `last` and `sum` halves run at once on two connections that
share one snapshot (`halves_at_once`); the table is the one a single query gives."""

import pytest
from django.db import OperationalError, connection, connections, transaction

from essaim.evaluation import consolidation
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.enums import Aggregation
from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation
from essaim.synthetic import national

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="moitiés à la fois : PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


@pytest.fixture
def days():
    national.generate(scale=0.002, seed=3, months=8)
    assert {i.aggregation for i in Indicator.objects.base()} == {Aggregation.LAST, Aggregation.SUM}
    return [national.month_end(month) for month in (0, 4, 7)]


@pytest.fixture
def halves(monkeypatch):
    """The calls of halves_at_once, which still runs."""
    calls = []
    run = consolidation.halves_at_once
    monkeypatch.setattr(consolidation, "halves_at_once", lambda *args: calls.append(args) or run(*args))
    return calls


def test_the_halves_at_once_give_the_table_of_one_query(days, halves):
    aggregation = dict(Indicator.objects.base().values_list("code", "aggregation"))
    figures = set()
    for day in days:
        apart = consolidate(day).as_dict()
        with transaction.atomic():  # inside a transaction: one query, in that transaction
            together = consolidate(day).as_dict()
        assert apart == together
        cells = [(code, cell) for row in apart["rows"] for code, cell in row["cells"].items()]
        figures |= {aggregation.get(code) for code, cell in cells if cell["value"]}
    assert {Aggregation.LAST, Aggregation.SUM} <= figures
    assert len(halves) == len(days)


def test_one_innovation_or_a_transaction_takes_one_query(days, halves):
    with transaction.atomic():
        consolidate(days[-1])
    consolidate(days[-1], innovations=[Innovation.objects.filter(code__startswith="SYN-").first()])
    assert halves == []


def test_the_second_half_reads_the_snapshot_of_the_first(days, monkeypatch):
    """A `sum` value changed and committed after the first half took its snapshot, before the
    second half starts, is not seen: the table is the one of that snapshot."""
    day = days[-1]
    before = consolidate(day).as_dict()
    value = Value.objects.filter(indicator__aggregation=Aggregation.SUM, kind="number", period_end__lte=day).first()
    run_apart = consolidation.run_apart

    def changed_then_run(*args):
        other = connections.create_connection(connection.alias)
        try:
            with other.cursor() as cursor:  # autocommit: committed at once
                cursor.execute("UPDATE evaluation_value SET number = number + 1000 WHERE id = %s", [value.pk])
        finally:
            other.close()
        return run_apart(*args)

    monkeypatch.setattr(consolidation, "run_apart", changed_then_run)
    assert consolidate(day).as_dict() == before
    monkeypatch.setattr(consolidation, "run_apart", run_apart)
    assert consolidate(day).as_dict() != before


def test_without_a_second_connection_the_halves_run_one_after_the_other(days, monkeypatch):
    day = days[-1]
    before = consolidate(day).as_dict()

    def refused(*args):
        raise OperationalError("too many clients already")

    monkeypatch.setattr(consolidation, "run_apart", refused)
    assert consolidate(day).as_dict() == before
