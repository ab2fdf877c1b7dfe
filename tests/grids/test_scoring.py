"""Scores, bands, shares and changes: « non renseigné » never lowers a score or a share, an item
added later is « non noté » in earlier phases."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaim.grids import scoring
from essaim.grids.enums import Trend
from essaim.grids.models import GridItem, Observation, Scale
from tests.grids.conftest import rate


def row_of(view, adoption):
    return next(r for r in view.rows if r.adoption.pk == adoption.pk)


def test_score_is_the_mean_of_the_scored_items_and_gets_its_band(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", "en cours", "non"])
    view = scoring.build(grid.grid, 1)
    score = row_of(view, w.own).score
    assert (score.rated, score.unknown, score.not_rated) == (3, 0, 0)
    assert score.mean == Decimal("1.00")
    assert score.band.label == "Appropriation engagée"


def test_non_renseigne_never_lowers_a_score(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", "oui", "non renseigné"])
    rate(grid, w.other, 1, ["oui", "oui", "non"])
    view = scoring.build(grid.grid, 1)
    own, other = row_of(view, w.own).score, row_of(view, w.other).score
    assert own.mean == Decimal("2.00") and own.band.label == "Appropriation avancée"
    assert (own.rated, own.unknown) == (2, 1)
    assert other.mean == Decimal("1.33")  # « non » is a level; « non renseigné » is not


def test_non_renseigne_never_lowers_a_share(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", None, None])
    rate(grid, w.other, 1, ["non renseigné", None, None])
    share = scoring.build(grid.grid, 1).shares[0]
    counts = {level.label: (n, p) for level, n, p in share.counts}
    assert counts == {"oui": (1, 100), "en cours": (0, 0), "non": (0, 0)}
    assert (share.rated, share.unknown, share.not_rated) == (1, 1, 0)


def test_an_item_added_later_is_not_rated_in_earlier_phases(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", "en cours", "en cours"])
    later = GridItem.objects.create(grid=grid.grid, key="bilan", position=4, label="Bilan partagé")
    grid.items.append(later)
    rate(grid, w.own, 2, ["oui", "oui", "en cours", "oui"])
    phase1 = scoring.build(grid.grid, 1)
    own = row_of(phase1, w.own)
    assert [c.label for c in own.cells] == ["oui", "en cours", "en cours", ""]
    assert own.cells[3].tone == "tone-none"
    assert (own.score.rated, own.score.not_rated) == (3, 1)
    assert own.score.mean == Decimal("1.33")  # the later item weighs nothing in phase 1
    assert phase1.shares[3].not_rated == 2 and phase1.shares[3].rated == 0
    header, rows = scoring.table(phase1)
    assert header[-1] == "Bilan partagé"
    assert {r[0]: r[1:] for r in rows}[w.own.structure.name] == ["oui", "en cours", "en cours", ""]


def test_change_since_the_previous_phase_on_the_items_rated_in_both(grid):
    w = grid.world
    rate(grid, w.own, 1, ["en cours", "non", None])
    rate(grid, w.own, 2, ["oui", "non", "oui"])  # better on « info », same on « plan »
    rate(grid, w.other, 1, ["oui", "oui", "oui"])
    rate(grid, w.other, 3, ["oui", "en cours", "oui"])  # worse, against phase 1 (no phase 2)
    view2, view3 = scoring.build(grid.grid, 2), scoring.build(grid.grid, 3)
    own = row_of(view2, w.own).change
    assert (own.trend, own.previous_phase, own.common, own.delta) == (Trend.BETTER, 1, 2, Decimal("0.50"))
    other = row_of(view3, w.other).change
    assert (other.trend, other.previous_phase) == (Trend.WORSE, 1)
    assert row_of(view2, w.other).change is None  # not rated in phase 2
    rate(grid, w.own, 3, ["oui", "non", "oui"])
    assert row_of(scoring.build(grid.grid, 3), w.own).change.trend == Trend.SAME


def test_nothing_in_common_is_not_comparable(grid):
    w = grid.world
    rate(grid, w.own, 1, ["oui", None, None])
    rate(grid, w.own, 2, [None, "oui", "non renseigné"])
    change = row_of(scoring.build(grid.grid, 2), w.own).change
    assert change.trend == Trend.NOT_COMPARABLE


def test_rows_are_the_rated_and_the_expected_structures(grid):
    w = grid.world
    view = scoring.build(grid.grid, 1)
    assert {r.adoption.pk for r in view.rows} == {w.own.pk, w.other.pk}  # expected, not yet rated
    assert not view.has_observations
    assert all(r.score.mean is None and r.score.band is None for r in view.rows)


def test_tones_go_from_the_lowest_to_the_highest_score(grid):
    scale = scoring.Scoring.of(grid.scale)
    assert [scale.tone(grid.levels[label]) for label in ["non", "en cours", "oui", "non renseigné"]] == [
        "tone-0",
        "tone-2",
        "tone-4",
        "tone-unknown",
    ]
    assert scale.tone(None) == "tone-none"


def test_fidelity_bands_are_the_ips_bands_per_item(db):
    band = scoring.Scoring.of(Scale.objects.get(code="fidelite-1-5")).band
    assert band(Fraction(115, 25)).label == "Fidélité exemplaire"
    assert band(Fraction(114, 25)).label == "Bonne fidélité"
    assert band(Fraction(100, 25)).label == "Bonne fidélité"
    assert band(Fraction(99, 25)).label == "Fidélité passable"
    assert band(Fraction(74, 25)).label == "Fidélité passable"
    assert band(Fraction(73, 25)).label == "Non conforme au modèle"


LABELS = ["oui", "en cours", "non", "non renseigné", None]


@pytest.fixture
def grid_for_property(grid):
    return grid, grid.world.own


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(LABELS), min_size=3, max_size=3))
def test_property_unknown_is_never_the_lowest(grid_for_property, labels):
    """Rating an item « non renseigné » gives the score of leaving it unrated, and never less than
    rating it with the lowest level."""
    grid, adoption = grid_for_property
    scores = {}
    for variant, replacement in (("unknown", "non renseigné"), ("unrated", None), ("lowest", "non")):
        Observation.objects.filter(adoption=adoption).delete()
        rate(grid, adoption, 1, [replacement if label == "non renseigné" else label for label in labels])
        scores[variant] = row_of(scoring.build(grid.grid, 1), adoption).score.mean_fraction
    assert scores["unknown"] == scores["unrated"]
    if scores["lowest"] is not None and scores["unknown"] is not None:
        assert scores["unknown"] >= scores["lowest"]
