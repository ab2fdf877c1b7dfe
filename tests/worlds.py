"""The small world most page tests stand in, built by plain functions so that a test can build it
twice, in two programmes (tests/programmes/test_matrix.py): an innovation carried by a porteur,
adopted by two structures; an unrelated innovation adopted by a third; one account per role.

`mark` goes into every name the world's own records show (innovations, accounts…), so that a
page of one programme can be searched for the other's records; `registry_mark` into the names of
the structures it adds to the registry, which every programme's team may read but its structure
members and innovators may not. `shared` is another world whose porteur and own structure this
one's reuse: structures are one registry across programmes."""

import datetime
from types import SimpleNamespace

from essaim.core.history import record
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory


def build_world(mark="", registry_mark="", shared=None):
    if shared is not None:
        porteur, own_structure = shared.porteur, shared.own.structure
    else:
        porteur = StructureFactory(name="Association porteuse", kind="ASSOCIATION")
        own_structure = StructureFactory(name="Structure membre")
    innovation = InnovationFactory(code="ALPHA", name=f"Alpha{mark}", porteur=porteur)
    own = AdoptionFactory(innovation=innovation, structure=own_structure)
    other = AdoptionFactory(innovation=innovation, structure=StructureFactory(name=f"Autre structure{registry_mark}"))
    for adoption in (own, other):
        record(StatusChange, adoption, AdoptionStatus.SELECTED, datetime.date(2016, 6, 1))
    unrelated = InnovationFactory(code="BETA", name=f"Bêta{mark}")
    foreign = AdoptionFactory(
        innovation=unrelated, structure=StructureFactory(name=f"Structure étrangère{registry_mark}")
    )
    return SimpleNamespace(
        mark=mark,
        registry_mark=registry_mark,
        porteur=porteur,
        innovation=innovation,
        own=own,
        other=other,
        unrelated=unrelated,
        foreign=foreign,
    )


def build_personas(world):
    """One account per role, in the programme being built; the innovator works for the porteur,
    the structure member for the own structure."""

    def account(role, **traits):
        if not world.mark:
            return UserFactory(**{role: True}, **traits)
        tag = world.mark.strip().lower()
        return UserFactory(**{role: True}, email=f"{role}.{tag}@exemple.fr", full_name=f"{role}{world.mark}", **traits)

    return {
        "team": account("team"),
        "evaluator": account("evaluator"),
        "innovator": account("innovator", structures=[world.porteur]),
        "member": account("member", structures=[world.own.structure]),
        "funder": account("funder"),
        "anonymous": None,
    }
