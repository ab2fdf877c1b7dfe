"""Shared personas: one user per role around one innovation, plus an outsider structure."""

import datetime
from types import SimpleNamespace

import pytest

from essaim.core.history import record
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory


@pytest.fixture
def world(db):
    """An innovation carried by a porteur, adopted by two structures; an unrelated innovation."""
    porteur = StructureFactory(name="Association porteuse", kind="ASSOCIATION")
    innovation = InnovationFactory(code="ALPHA", name="Alpha", porteur=porteur)
    own = AdoptionFactory(innovation=innovation, structure=StructureFactory(name="Structure membre"))
    other = AdoptionFactory(innovation=innovation, structure=StructureFactory(name="Autre structure"))
    for adoption in (own, other):
        record(StatusChange, adoption, AdoptionStatus.SELECTED, datetime.date(2016, 6, 1))
    unrelated = InnovationFactory(code="BETA", name="Bêta")
    foreign = AdoptionFactory(innovation=unrelated, structure=StructureFactory(name="Structure étrangère"))
    return SimpleNamespace(
        porteur=porteur, innovation=innovation, own=own, other=other, unrelated=unrelated, foreign=foreign
    )


@pytest.fixture
def personas(world):
    return {
        "team": UserFactory(team=True),
        "evaluator": UserFactory(evaluator=True),
        "innovator": UserFactory(innovator=True, structures=[world.porteur]),
        "member": UserFactory(member=True, structures=[world.own.structure]),
        "funder": UserFactory(funder=True),
        "anonymous": None,
    }
