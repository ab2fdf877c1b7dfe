"""Exit categories and their rules; horizons in calendar months."""

import datetime
from datetime import date

import pytest

from essaim.followup.enums import Category, Milestone, SubType, classify
from essaim.followup.horizons import add_months, last_entry_reaching, summarise
from essaim.followup.models import Enrolment, situation_errors


@pytest.mark.parametrize(
    "subtype, months, category",
    [
        (SubType.CDI, None, Category.DURABLE),
        (SubType.CDD, 6, Category.DURABLE),
        (SubType.CDD, 5, Category.TRANSITION),
        (SubType.TEMP_WORK, 12, Category.DURABLE),
        (SubType.TEMP_WORK, 1, Category.TRANSITION),
        (SubType.CIVIL_SERVICE, None, Category.DURABLE),
        (SubType.BUSINESS, None, Category.DURABLE),
        (SubType.SUBSIDISED, None, Category.TRANSITION),
        (SubType.TRAINING, None, Category.POSITIVE),
        (SubType.OTHER_SIAE, None, Category.POSITIVE),
        (SubType.UNEMPLOYMENT, None, Category.OTHER),
        (SubType.NO_NEWS, None, Category.OTHER),
        (SubType.MISCONDUCT, None, Category.WITHDRAWN),
        (SubType.DEATH, None, Category.WITHDRAWN),
        (SubType.ONGOING, None, Category.ONGOING),
    ],
)
def test_categories(subtype, months, category):
    assert classify(subtype, months) == category


def test_a_cdd_needs_its_length():
    with pytest.raises(ValueError):
        classify(SubType.CDD)


ENTERED = date(2018, 1, 15)
TODAY = date(2020, 1, 1)


def errors(on, milestone=Milestone.OTHER, subtype=SubType.CDI, months=None, others=()):
    return situation_errors(Enrolment(entered_on=ENTERED), on, milestone, subtype, months, list(others), TODAY)


def test_rules_of_a_situation():
    assert errors(date(2018, 3, 1)) == {}
    assert "précéder l'entrée" in errors(date(2017, 12, 1))["on"]
    assert "futur" in errors(date(2021, 1, 1))["on"]
    assert "6 mois" in errors(date(2018, 7, 1), Milestone.M6)["on"]
    assert errors(date(2018, 7, 15), Milestone.M6) == {}
    assert "durée du contrat requise" in errors(date(2018, 3, 1), subtype=SubType.CDD)["contract_months"]
    assert "que pour un CDD" in errors(date(2018, 3, 1), subtype=SubType.CDI, months=3)["contract_months"]
    assert "retrait" in errors(ENTERED, Milestone.ENTRY, SubType.DEATH)["subtype"]


def test_nothing_after_a_withdrawal():
    withdrawn = [(date(2018, 5, 1), Milestone.OTHER, Category.WITHDRAWN)]
    assert "après un retrait" in errors(date(2018, 6, 1), others=withdrawn)["on"]
    later = [(date(2018, 9, 1), Milestone.OTHER, Category.ONGOING)]
    assert "clôt le suivi" in errors(date(2018, 6, 1), subtype=SubType.ILLNESS, others=later)["subtype"]


def test_one_situation_per_day_and_per_milestone():
    day = [(date(2018, 3, 1), Milestone.OTHER, Category.ONGOING)]
    assert "déjà enregistrée" in errors(date(2018, 3, 1), others=day)["on"]
    six = [(date(2018, 7, 15), Milestone.M6, Category.ONGOING)]
    assert errors(date(2018, 7, 15), Milestone.M6, others=six)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2018, 8, 31), 6) == date(2019, 2, 28)
    assert add_months(date(2019, 8, 31), 6) == date(2020, 2, 29)
    assert add_months(date(2018, 1, 15), 18) == date(2019, 7, 15)


def test_last_entry_reaching_agrees_with_add_months():
    """entry ≤ last_entry_reaching(D, h) ⇔ add_months(entry, h) ≤ D, checked day by day."""
    start = date(2016, 1, 1)
    entries = [start + datetime.timedelta(days=n) for n in range(0, 800, 1)]
    for as_of in [
        date(2018, 2, 28),
        date(2018, 3, 30),
        date(2018, 3, 31),
        date(2019, 2, 28),
        date(2020, 2, 29),
        date(2018, 7, 14),
    ]:
        for months in (6, 12, 18):
            cut = last_entry_reaching(as_of, months)
            for entry in entries:
                assert (entry <= cut) == (add_months(entry, months) <= as_of), (as_of, months, entry)


def test_situation_at_a_horizon_is_the_latest_on_or_before_it():
    summary = summarise(
        ENTERED,
        [
            (ENTERED, Category.ONGOING),
            (date(2018, 5, 1), Category.TRANSITION),
            (date(2018, 8, 1), Category.OTHER),
            (date(2019, 1, 15), Category.DURABLE),
        ],
    )
    assert summary["outcome_0"] == Category.ONGOING
    assert summary["outcome_6"] == Category.TRANSITION  # 15 July 2018: the May situation
    assert summary["outcome_12"] == Category.DURABLE  # 15 January 2019, that very day
    assert summary["outcome_18"] == Category.DURABLE
    assert summary["first_job_on"] == date(2018, 5, 1)
    assert summary["job_days"] == (date(2018, 5, 1) - ENTERED).days
    assert summary["last_seen_on"] == date(2019, 1, 15)
    assert summary["withdrawn_on"] is None
