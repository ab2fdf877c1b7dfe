"""Dates of the follow-up: « 6 months after entry » in calendar months, and what a person's
situations say at each horizon.

The situation of a person at h months is the latest situation dated on or before the day h
months after entry (the entry situation if nothing came after). It is known, as of a date D,
once that day is reached (entry + h months ≤ D).
"""

import calendar
from datetime import date

from essaim.followup.enums import HORIZONS, Category


def add_months(day, months):
    """The same day `months` later; the last day of the month when it has no such day (31 August
    + 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_entry_reaching(as_of, months):
    """The last entry date whose horizon `months` is reached by `as_of`: entry ≤ this date ⇔
    add_months(entry, months) ≤ as_of (add_months is non-decreasing, so this is a bound)."""
    index = as_of.year * 12 + as_of.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    if as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]:
        return date(year, month, last_day)
    return date(year, month, min(as_of.day, last_day))


def summarise(entered_on, situations):
    """What the situations of one enrolment say, for the columns Enrolment keeps:
    `situations` is an iterable of (date, category). Returns a dict with outcome_0, outcome_6,
    outcome_12, outcome_18 (a category or ""), first_job_on, last_seen_on, withdrawn_on."""
    ordered = sorted(situations)
    result = {"first_job_on": None, "last_seen_on": None, "withdrawn_on": None}
    for months in (0, *HORIZONS):
        limit = add_months(entered_on, months)
        at = ""
        for on, category in ordered:
            if on > limit:
                break
            at = category
        result[f"outcome_{months}"] = at
    employment = set(Category.employment())
    for on, category in ordered:
        if result["first_job_on"] is None and category in employment:
            result["first_job_on"] = on
        if category == Category.WITHDRAWN and result["withdrawn_on"] is None:
            result["withdrawn_on"] = on
    if ordered:
        result["last_seen_on"] = ordered[-1][0]
    result["job_days"] = (result["first_job_on"] - entered_on).days if result["first_job_on"] else None
    result["seen_days"] = (result["last_seen_on"] - entered_on).days if result["last_seen_on"] else None
    return result


def quarter_label(day):
    return f"{day.year} T{(day.month - 1) // 3 + 1}"
