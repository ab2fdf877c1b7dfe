from essaim.evaluation.models import Value
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reports.consolidation import consolidate
from essaim.swarming.models import Adoption
from essaim.synthetic import national


def fingerprint():
    return list(
        Value.objects.order_by("innovation__code", "structure__key", "indicator__code", "period_end").values_list(
            "innovation__code", "structure__key", "indicator__code", "period_end", "kind", "number"
        )
    )


def test_a_small_programme_is_generated_labelled_and_reproducible(db):
    counts = national.generate(scale=0.001, seed=7, months=6)
    assert counts["innovations"] == Innovation.objects.filter(code__startswith="SYN-").count() == 1
    assert Structure.objects.filter(key__startswith="syn-").count() == counts["structures"] == 10
    assert Adoption.objects.count() == counts["adoptions"] == 5
    assert Value.objects.count() == counts["values"] > 0
    assert all("synthétique" in name for name in Structure.objects.values_list("name", flat=True))
    kinds = set(Value.objects.values_list("kind", flat=True))
    assert "number" in kinds
    first = fingerprint()
    national.generate(scale=0.001, seed=7, months=6)
    assert fingerprint() == first
    table = consolidate(national.month_end(5))
    assert len(table.rows) == 1


def test_remove_leaves_the_rest_untouched(db):
    from essaim.reference.loader import load_reference_data

    load_reference_data()
    before = Innovation.objects.count()
    national.generate(scale=0.001, seed=1, months=3)
    national.remove()
    assert Innovation.objects.count() == before
    assert not Structure.objects.filter(key__startswith="syn-").exists()
