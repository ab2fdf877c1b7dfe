"""The scoped managers: each query keeps to the programme current when it runs."""

import datetime

import pytest
from django.db.models import Count, Exists, OuterRef

from essaim.innovations.models import Innovation
from essaim.programmes import scope
from essaim.programmes.models import Programme, ProgrammeRequired
from essaim.swarming.models import Adoption
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory

BUILT_AT_IMPORT = Innovation.objects.order_by("code")  # as a form field's choices are


@pytest.fixture
def two(db):
    a, b = Programme.objects.create(code="A", name="A"), Programme.objects.create(code="B", name="B")
    shared = StructureFactory(name="Structure des deux programmes")
    for programme, code in ((a, "ALPHA"), (b, "BETA")):
        with scope.activate(programme):
            AdoptionFactory(innovation=InnovationFactory(code=code, programme=programme), structure=shared)
    return a, b, shared


def codes(queryset):
    return list(queryset.values_list("code", flat=True))


def test_a_queryset_built_once_serves_each_programme_its_own(two):
    a, b, _ = two
    with scope.activate(a):
        built_in_a = Innovation.objects.all()
        assert codes(built_in_a) == ["ALPHA"]
    with scope.activate(b):
        assert codes(built_in_a) == ["BETA"]
        assert codes(BUILT_AT_IMPORT) == ["BETA"]
        assert built_in_a.count() == 1 and built_in_a.aggregate(n=Count("pk")) == {"n": 1}
    with scope.unscoped():
        assert codes(BUILT_AT_IMPORT) == ["ALPHA", "BETA"]


def test_related_managers_subqueries_and_updates_keep_to_the_programme(two):
    a, b, shared = two
    with scope.activate(a):
        assert [x.innovation.code for x in shared.adoptions.all()] == ["ALPHA"]
        adopted = Innovation.objects.filter(Exists(Adoption.objects.filter(innovation=OuterRef("pk"))))
        assert codes(adopted) == ["ALPHA"]
        assert codes(Innovation.objects.filter(pk__in=Adoption.objects.values("innovation"))) == ["ALPHA"]
        assert Adoption.objects.filter(structure=shared).update(since=datetime.date(2020, 1, 1)) == 1
    with scope.unscoped():
        assert sorted(Adoption.objects.values_list("innovation__code", "since")) == [
            ("ALPHA", datetime.date(2020, 1, 1)),
            ("BETA", Adoption.objects.get(innovation__code="BETA").since),
        ]


def test_a_record_takes_the_current_programme_or_the_only_one(two):
    a, b, _ = two
    with scope.activate(b):
        gamma = Innovation.objects.create(code="GAMMA", name="Gamma", porteur=StructureFactory())
    assert gamma.programme == b
    with pytest.raises(ProgrammeRequired):
        Innovation.objects.create(code="DELTA", name="Delta", porteur=StructureFactory())
