"""Scales: round tick values for numbers (Heckbert's "nice numbers") and month ticks for dates."""

import math
from datetime import date

from essaim.presentation.charts.formats import format_date

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def _nice(x, round_):
    exponent = math.floor(math.log10(x))
    fraction = x / 10**exponent
    if round_:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10**exponent


def nice_ticks(low, high, count=5, integer=False):
    """Round tick values covering [low, high] (Heckbert's "nice numbers"): 0, 100, 200…"""
    low, high = float(low), float(high)
    if high == low:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    step = _nice(_nice(high - low, False) / max(1, count - 1), True)
    if integer:
        step = max(step, 1.0)
    decimals = max(0, -math.floor(math.log10(step)))
    start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
    return [round(start + i * step, decimals) for i in range(round((stop - start) / step) + 1)]


def tick_decimals(ticks):
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    return 0 if step >= 1 else -math.floor(math.log10(step))


def value_ticks(numbers):
    """Ticks from 0 (or below, for negatives) to the largest value; whole numbers for counts."""
    integer = all(float(v) == int(v) for v in numbers)
    return nice_ticks(min([0.0, *numbers]), max([0.0, *numbers]), integer=integer)


def date_ticks(first, last, count=6):
    """First days of months (every 1, 2, 3, 6, 12… months) between two dates, with labels."""
    span = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if span / s <= count), 120)
    index = first.year * 12 + first.month - 1
    index += -index % step
    if date(index // 12, index % 12 + 1, 1) < first:
        index += step
    ticks = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append((day, str(day.year) if step >= 12 else f"{MONTHS[day.month - 1]} {day.year}"))
        index += step
    return ticks or [(first, format_date(first))]
