"""Completeness: who reported what, against the structures the consolidation expects."""

import datetime

import pytest

from essaim.core.history import record
from essaim.evaluation.completeness import completeness, count_label, known_period_ends
from essaim.evaluation.consolidation import consolidate
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import StatusChange
from tests.evaluation.helpers import put
from tests.factories import AdoptionFactory, InnovationFactory

END = datetime.date(2019, 3, 31)


def adopt(innovation, name, *statuses, since=datetime.date(2016, 6, 1)):
    adoption = AdoptionFactory(innovation=innovation, structure__name=name, since=since)
    for status, on in statuses:
        record(StatusChange, adoption, status, on)
    return adoption.structure


@pytest.fixture
def alpha(db):
    innovation = InnovationFactory(code="ALPHA", name="Alpha")
    selected = (AdoptionStatus.SELECTED, datetime.date(2016, 6, 1))
    s = {
        "A": adopt(innovation, "A selected", selected),
        "B": adopt(innovation, "B trained", selected, (AdoptionStatus.TRAINED, datetime.date(2017, 1, 1))),
        "C": adopt(innovation, "C implementing", selected, (AdoptionStatus.IMPLEMENTING, datetime.date(2018, 1, 1))),
        "D": adopt(innovation, "D candidate"),
        "E": adopt(innovation, "E abandoned", selected, (AdoptionStatus.ABANDONED, datetime.date(2018, 1, 1))),
        "F": adopt(
            innovation,
            "F late",
            (AdoptionStatus.SELECTED, datetime.date(2019, 6, 1)),
            since=datetime.date(2019, 6, 1),
        ),
        "G": adopt(innovation, "G abandoned later", selected, (AdoptionStatus.ABANDONED, datetime.date(2019, 6, 1))),
        "H": adopt(innovation, "H paused", selected, (AdoptionStatus.PAUSED, datetime.date(2018, 1, 1))),
    }
    put(innovation, "people_reached", 10, structure=s["A"])
    put(innovation, "returns_to_employment", 4, structure=s["A"])
    put(innovation, "people_reached", "nc", structure=s["B"])
    put(innovation, "returns_to_employment", 2, structure=s["B"])
    put(innovation, "people_reached", "ne", structure=s["H"])
    put(innovation, "people_reached", 7, structure=s["E"])
    put(innovation, "people_reached", 3, structure=s["C"], end=datetime.date(2018, 12, 31))  # another period
    put(innovation, "structures_reached", 5)
    return innovation, s


def names(entries):
    return [e["name"] for e in entries]


def test_expected_structures_leave_out_candidates_abandoned_and_late(alpha):
    innovation, _ = alpha
    data = completeness(innovation, END)
    assert names(data["expected"]) == ["A selected", "B trained", "C implementing", "G abandoned later", "H paused"]


def test_who_reported_each_indicator(alpha):
    innovation, s = alpha
    lines = {line["code"]: line for line in completeness(innovation, END)["indicators"]}
    people = lines["people_reached"]
    assert (people["reported"], people["expected"], people["label_count"]) == (1, 5, "1 structure sur 5")
    assert people["numbers"] == [{"id": s["A"].pk, "name": "A selected", "value": 10}]
    assert names(people["nc"]) == ["B trained"]
    assert names(people["ne"]) == ["H paused"]
    assert names(people["missing"]) == ["C implementing", "G abandoned later"]  # C's figure is for another period
    assert people["unexpected"] == [{"id": s["E"].pk, "name": "E abandoned", "value": "7"}]
    assert people["innovation_value"] is None

    returns = lines["returns_to_employment"]
    assert returns["label_count"] == "2 structures sur 5"
    assert names(returns["missing"]) == ["C implementing", "G abandoned later", "H paused"]

    structures = lines["structures_reached"]
    assert structures["per_structure"] is False
    assert (structures["reported"], structures["label_count"], structures["innovation_value"]) == (None, "", "5")

    assert "people_involved_total" not in lines  # derived indicators are computed, never reported


def test_structures_to_remind(alpha):
    innovation, _ = alpha
    reminders = {r["name"]: r for r in completeness(innovation, END)["to_remind"]}
    assert set(reminders) == {"A selected", "B trained", "C implementing", "G abandoned later", "H paused"}
    assert reminders["A selected"]["missing"] == ["Professionnels impliqués", "Entreprises et partenaires privés"]
    assert reminders["A selected"]["nc"] == []
    assert reminders["B trained"]["nc"] == ["Personnes concernées (DELD et jeunes)"]
    assert "Personnes concernées (DELD et jeunes)" not in reminders["B trained"]["missing"]
    assert "DELD revenus à l'emploi" in reminders["C implementing"]["missing"]
    # ne is the evaluators' choice: no reminder for it.
    assert "Personnes concernées (DELD et jeunes)" not in reminders["H paused"]["missing"] + reminders["H paused"]["nc"]


def test_a_later_period_expects_the_late_structure_and_drops_the_abandoned_one(alpha):
    innovation, _ = alpha
    data = completeness(innovation, datetime.date(2019, 12, 31))
    assert names(data["expected"]) == ["A selected", "B trained", "C implementing", "F late", "H paused"]
    people = next(line for line in data["indicators"] if line["code"] == "people_reached")
    assert people["label_count"] == "0 structure sur 5"


def test_completeness_agrees_with_the_consolidated_table(alpha):
    innovation, _ = alpha
    lines = {line["code"]: line for line in completeness(innovation, END)["indicators"]}
    row = next(r for r in consolidate(END).rows if r.innovation == innovation)
    for code in ("returns_to_employment", "professionals_involved"):
        assert (row.cells[code].reported, row.cells[code].expected) == (
            lines[code]["reported"],
            lines[code]["expected"],
        )


def test_known_period_ends(alpha):
    innovation, _ = alpha
    assert known_period_ends(innovation) == [END, datetime.date(2018, 12, 31)]


def test_completeness_is_plain_data(alpha):
    innovation, _ = alpha
    data = completeness(innovation, END)
    assert data["innovation"] == {"code": "ALPHA", "name": "Alpha"}
    assert data["period_end"] == END

    def plain(obj):
        if isinstance(obj, dict):
            return all(isinstance(k, str) and plain(v) for k, v in obj.items())
        if isinstance(obj, list):
            return all(plain(v) for v in obj)
        return obj is None or isinstance(obj, str | int | bool | datetime.date)

    assert plain(data)


@pytest.mark.parametrize("reported, expected, text", [(7, 9, "7 structures sur 9"), (1, 9, "1 structure sur 9")])
def test_count_label(reported, expected, text):
    assert count_label(reported, expected) == text
