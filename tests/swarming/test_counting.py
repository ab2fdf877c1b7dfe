"""How the statuses count: structures of the programme, structures expected to report, what
became of the structures trained, drop-outs; the seeds' Parcours Gardien in the reference data."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.history import record
from essaim.evaluation import measures
from essaim.evaluation.consolidation import NOT_EXPECTED, consolidate, expected_units
from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.reports import published
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange
from tests.factories import AdoptionFactory, InnovationFactory, UserFactory

D = datetime.date
S = AdoptionStatus


def test_every_status_is_classified():
    counted = set(S.counted())
    assert counted == {S.SELECTED, S.TRAINED, S.CONSIDERING, S.IMPLEMENTING, S.ADAPTED, S.PAUSED}
    assert {S.CANDIDATE, S.ABANDONED} == NOT_EXPECTED
    assert counted | NOT_EXPECTED == set(S)  # a structure that counts is expected to report, and only it
    assert set(S.evaluation()) == {S.CONSIDERING, S.IMPLEMENTING, S.ADAPTED, S.PAUSED, S.ABANDONED}


def with_history(innovation, *entries):
    adoption = AdoptionFactory(innovation=innovation, since=D(2016, 6, 1))
    for status, on in entries:
        record(StatusChange, adoption, status, on)
    return adoption


@pytest.fixture
def gardien(db):
    """Five structures trained in 2016, then each its own way; one selected never trained."""
    innovation = InnovationFactory(code="GARDIEN")
    trained = [(S.SELECTED, D(2016, 6, 1)), (S.TRAINED, D(2016, 9, 1))]
    return {
        "considering": with_history(innovation, *trained, (S.CONSIDERING, D(2019, 3, 1))),
        "adapted": with_history(innovation, *trained, (S.ADAPTED, D(2019, 3, 1))),
        "implementing": with_history(innovation, *trained, (S.IMPLEMENTING, D(2018, 12, 1))),
        "abandoned": with_history(innovation, *trained, (S.ABANDONED, D(2019, 3, 1))),
        "trained": with_history(innovation, *trained),
        "never_trained": with_history(innovation, (S.SELECTED, D(2016, 6, 1)), (S.ABANDONED, D(2016, 9, 1))),
    }


def test_new_statuses_count_and_are_expected_to_report(gardien):
    innovation = gardien["considering"].innovation
    assert Adoption.objects.filter(innovation=innovation).counted().count() == 4
    expected = expected_units(D(2019, 12, 31))[innovation.pk]
    assert {gardien[k].structure_id for k in ("considering", "adapted", "implementing", "trained")} == expected


def test_figures_of_a_structure_that_considers_or_adapts_count(gardien):
    innovation = gardien["considering"].innovation
    people = Indicator.objects.get(code="people_reached")
    for key, n in [("considering", 3), ("adapted", 4), ("trained", 5)]:
        Value.objects.create(
            innovation=innovation,
            structure=gardien[key].structure,
            indicator=people,
            number=n,
            period_end=D(2018, 12, 31),
        )
    row = next(r for r in consolidate(D(2019, 12, 31)).rows if r.innovation.pk == innovation.pk)
    cell = row.cells["people_reached"]
    assert (cell.value, cell.reported, cell.expected) == (3 + 4 + 5, 3, 4)  # the one implementing said nothing


def test_what_became_of_the_structures_trained(gardien):
    innovation = gardien["considering"].innovation
    life = measures.adoption_life(innovation, D(2019, 12, 31))
    assert life.trained == 5
    assert [(status, n) for status, _, n in life.after_training] == [
        (S.ABANDONED, 1),
        (S.CONSIDERING, 1),
        (S.IMPLEMENTING, 1),
        (S.ADAPTED, 1),
        (S.TRAINED, 1),
    ]
    assert (life.still_in, life.selected, life.abandoned, life.dropout_rate) == (4, 6, 2, 33)
    before = measures.adoption_life(innovation, D(2018, 12, 31))  # the final evaluation had not come yet
    assert [(status, n) for status, _, n in before.after_training] == [(S.IMPLEMENTING, 1), (S.TRAINED, 4)]
    assert measures.count("trained_adapted", D(2019, 12, 31), innovation).value == 1
    assert measures.count("trained", D(2016, 8, 31), innovation).value == 0


@pytest.fixture
def reference(db):
    load_reference_data()
    return Innovation.objects.get(code="PARCOURS-GARDIEN")


ANNEXE = D(2019, 3, 31)


def test_the_seeds_parcours_gardien(reference):
    life = measures.adoption_life(reference, ANNEXE)
    assert life.trained == 17
    assert [(status, n) for status, _, n in life.after_training] == [
        (S.ABANDONED, 4),
        (S.CONSIDERING, 6),
        (S.IMPLEMENTING, 6),
        (S.ADAPTED, 1),
    ]
    assert life.still_in == 13
    assert (life.selected, life.abandoned) == (18, 5)  # the report says 3/18: kept as a published figure


def test_the_seeds_figures_checked_against_the_records(reference):
    found = {c.figure.key: c for c in published.comparisons()}
    for key in ("pg-trained-2016", "pg-abandoned", "pg-considering", "pg-implemented", "pg-bridge-path"):
        assert found[key].verdict == published.SAME, key
    left = found["dropouts-PARCOURS-GARDIEN-left"]
    assert (left.figure.value, left.computed.value, left.verdict) == ("3", 5, published.DIFFERENT)
    assert left.figure.source.key == "003-p2-6"
    paused = found["pg-paused-002"]
    assert (paused.figure.value, paused.computed.value, paused.verdict) == ("4", 0, published.DIFFERENT)
    drops = {
        code: (found[f"dropouts-{code}-left"].figure.value, found[f"dropouts-{code}-total"].figure.value)
        for code in ("VITA-AIR", "PARCOURS-GARDIEN", "TAPAJ", "SOLENI")
    }
    assert drops == {
        "VITA-AIR": ("1", "7"),
        "PARCOURS-GARDIEN": ("3", "18"),
        "TAPAJ": ("0", "10"),
        "SOLENI": ("0", "3"),
    }
    assert {found[f"dropouts-{code}-left"].figure.source.key for code in drops} == {"003-p2-6"}


def test_the_innovation_page_shows_both(client, reference):
    client.force_login(UserFactory(funder=True))
    html = client.get(reverse("innovations:detail", args=["PARCOURS-GARDIEN"])).content.decode()
    assert "17 formées</strong> : 4 abandons, 6 envisagent, 6 en place, 1 passerelle." in html
    assert "13 structures suivies dans le programme" in html
    assert "Abandons : <strong>5/18</strong>" in html
    beside = html[html.index("Selon les documents") :]
    assert "(« 3/18 »" in beside and "<strong>3</strong>" in beside and "doc. 003" in beside
    assert "5 <span" in beside  # the records' count beside it, on the same date
