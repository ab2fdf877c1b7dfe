"""Horizontal bar charts: one bar per label, stacked parts of a whole, or series side by side."""

from dataclasses import dataclass, field
from functools import cached_property

from essaim.presentation.charts.axes import tick_decimals, value_ticks
from essaim.presentation.charts.formats import (
    DataTable,
    format_number,
    format_value,
    is_number,
    missing_key,
    missing_summary,
    reading_note,
    short_unit,
    value_of,
    with_unit,
)
from essaim.presentation.charts.svg import (
    GRID,
    INK,
    MUTED,
    PALETTE,
    el,
    gap,
    legend,
    new_id,
    readable_ink,
    svg_document,
    text,
    text_width,
    tooltip,
    wrap,
)


@dataclass(frozen=True)
class Bar:
    """One bar: a label and a value (number, "nc", "ne" or None); partial marks an incomplete total."""

    label: str
    value: object
    partial: bool = False

    @classmethod
    def from_cell(cls, label, cell):
        return cls(label, value_of(cell), partial=str(cell.status) == "partial")


@dataclass(frozen=True)
class Series:
    """A named list of values, one per category; colour is optional (the palette by default)."""

    name: str
    values: list
    colour: str | None = None


class HorizontalFrame:
    """Where things go in a horizontal bar chart: wrapped labels on the left, a value axis, room
    on the right for the longest end label."""

    def __init__(self, labels, numbers, end_labels, width, top, row):
        size = 12
        self.lines = [wrap(label, width * 0.32, size) for label in labels]
        widest = max((text_width(line, size) for lines in self.lines for line in lines), default=0)
        self.label_right = min(width * 0.32, widest) + 10
        self.ticks = value_ticks(numbers)
        right = max([text_width(t, size) + 14 for t in end_labels] + [text_width(format_number(self.ticks[-1]), 11)])
        self.x0, self.x1 = self.label_right + 8, width - right
        self.top, self.row = top, row
        self.bottom = top + row * len(labels)

    def x(self, value):
        low, high = self.ticks[0], self.ticks[-1]
        return self.x0 + (float(value) - low) / (high - low) * (self.x1 - self.x0)

    def mid(self, i):
        return self.top + i * self.row + self.row / 2

    def draw(self, unit):
        """Grid, tick labels, category labels and the zero line."""
        parts, decimals = [], tick_decimals(self.ticks)
        for t in self.ticks:
            x = self.x(t)
            parts.append(el("line", x1=x, y1=self.top, x2=x, y2=self.bottom, stroke=GRID, stroke_width=1))
            parts.append(text(x, self.bottom + 16, format_number(t, decimals), size=11, anchor="middle", fill=MUTED))
        if unit:
            parts.append(text(self.x1, self.bottom + 31, unit, size=11, anchor="end", fill=MUTED))
        for i, lines in enumerate(self.lines):
            for j, line in enumerate(lines):
                y = self.mid(i) + 4 + (j - (len(lines) - 1) / 2) * 13
                parts.append(text(self.label_right, y, line, anchor="end"))
        zero = self.x(0)
        parts.append(el("line", x1=zero, y1=self.top, x2=zero, y2=self.bottom, stroke=INK, stroke_width=1))
        return parts

    def bar(self, value, y, height, colour, label, tip, size=12):
        """A bar from zero to the value, its label past its end."""
        zero, end = self.x(0), self.x(value)
        left, w = min(zero, end), max(abs(end - zero), 1.5)
        rect = el("rect", x=left, y=y, width=w, height=height, fill=colour)
        if float(value) >= 0:
            label_el = text(left + w + 5, y + height / 2 + size / 3, label, size=size)
        else:
            label_el = text(left - 5, y + height / 2 + size / 3, label, size=size, anchor="end")
        return tooltip(tip, rect, label_el)


@dataclass
class BarChart:
    """Horizontal bars, one per label (e.g. people reached per innovation).

    bars: Bar objects or (label, value) pairs. unit: % or € follow each number, a longer unit
    (personnes) is written under the axis and in the table header."""

    title: str
    bars: list
    description: str = ""
    unit: str = ""
    label_header: str = "Libellé"
    value_header: str = "Valeur"
    width: int = 720
    chart_id: str = field(default_factory=new_id)

    def __post_init__(self):
        self.bars = [b if isinstance(b, Bar) else Bar(*b) for b in self.bars]
        if not self.description:
            self.description = self._summary()

    def _summary(self):
        numbers = [b for b in self.bars if is_number(b.value)]
        summary = f"Graphique en barres horizontales, {len(self.bars)} barres."
        if numbers:
            top = max(numbers, key=lambda b: b.value)
            summary += f" Valeur la plus haute : {top.label}, {format_value(top.value, self.unit)}."
        if any(b.partial for b in self.bars):
            summary += " * : total partiel."
        return summary + missing_summary([b.value for b in self.bars])

    @property
    def note(self):
        return reading_note([b.value for b in self.bars], any(b.partial for b in self.bars))

    def _label(self, bar):
        return format_value(bar.value, short_unit(self.unit), bar.partial)

    @cached_property
    def table(self):
        rows = [[b.label, self._label(b)] for b in self.bars]
        return DataTable([self.label_header, with_unit(self.value_header, self.unit)], rows, [False, True])

    @cached_property
    def svg(self):
        numbers = [float(b.value) for b in self.bars if is_number(b.value)]
        labels = [self._label(b) for b in self.bars]
        frame = HorizontalFrame([b.label for b in self.bars], numbers, labels, self.width, 8, 30)
        body = frame.draw(self.unit if not short_unit(self.unit) else "")
        for i, (b, label) in enumerate(zip(self.bars, labels, strict=True)):
            if is_number(b.value):
                tip = f"{b.label} : {format_value(b.value, self.unit, b.partial)}"
                body.append(frame.bar(b.value, frame.mid(i) - 9, 18, PALETTE[0], label, tip))
            else:
                body.append(gap(frame.x(0), frame.mid(i), 18, b.value))
        return svg_document(self.chart_id, self.title, self.description, self.width, frame.bottom + 36, body)


@dataclass
class _MultiBarChart:
    title: str
    categories: list
    series: list
    description: str = ""
    unit: str = ""
    category_header: str = "Catégorie"
    width: int = 720
    chart_id: str = field(default_factory=new_id)

    stacked = False

    def __post_init__(self):
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"La série « {s.name} » n'a pas une valeur par catégorie.")
            if self.stacked and any(is_number(v) and v < 0 for v in s.values):
                raise ValueError("Des barres empilées ne peuvent pas avoir de valeur négative.")
        if not self.description:
            self.description = self._summary()

    def colour(self, k):
        return self.series[k].colour or PALETTE[k % len(PALETTE)]

    def values(self, i):
        return [s.values[i] for s in self.series]

    def _summary(self):
        kind = "barres empilées" if self.stacked else "barres groupées"
        names = ", ".join(s.name for s in self.series)
        values = [v for s in self.series for v in s.values]
        return f"Graphique en {kind} : {len(self.categories)} catégories ; séries : {names}." + missing_summary(values)

    def total(self, i):
        """A category's total: a number (partial when some parts have none), or nc / ne / None."""
        values = self.values(i)
        numbers = [v for v in values if is_number(v)]
        if numbers:
            return sum(numbers), len(numbers) < len(values)
        kinds = {missing_key(v) for v in values}
        return ("ne" if kinds == {"ne"} else "nc" if kinds & {"nc", "ne"} else None), False

    def _total_text(self, i):
        value, partial = self.total(i)
        return format_value(value, short_unit(self.unit), partial)

    @property
    def note(self):
        partial = self.stacked and any(self.total(i)[1] for i in range(len(self.categories)))
        return reading_note([v for s in self.series for v in s.values], partial)

    @cached_property
    def table(self):
        unit = short_unit(self.unit)
        header = [self.category_header, *(s.name for s in self.series)]
        rows = [[c, *(format_value(v, unit) for v in self.values(i))] for i, c in enumerate(self.categories)]
        if self.stacked:
            header.append("Total")
            for i, row in enumerate(rows):
                row.append(self._total_text(i))
        header[1:] = [with_unit(h, self.unit) for h in header[1:]]
        return DataTable(header, rows, [False] + [True] * (len(header) - 1))

    @cached_property
    def svg(self):
        items = [(s.name, self.colour(k), None, None) for k, s in enumerate(self.series)]
        keys, keys_height = legend(items, 8, 6, self.width - 16)
        top = 6 + keys_height + 4
        if self.stacked:
            numbers = [float(self.total(i)[0]) for i in range(len(self.categories)) if is_number(self.total(i)[0])]
            ends = [self._total_text(i) for i in range(len(self.categories))]
            row = 32
        else:
            numbers = [float(v) for s in self.series for v in s.values if is_number(v)]
            ends = [format_value(v, short_unit(self.unit)) for s in self.series for v in s.values]
            row = 12 + 15 * len(self.series)
        frame = HorizontalFrame(self.categories, numbers, ends, self.width, top, row)
        body = keys + frame.draw(self.unit if not short_unit(self.unit) else "")
        for i, category in enumerate(self.categories):
            body += self._stack(frame, i, category) if self.stacked else self._group(frame, i, category)
        return svg_document(self.chart_id, self.title, self.description, self.width, frame.bottom + 36, body)

    def _stack(self, frame, i, category):
        mid, height = frame.mid(i), 20
        value, _ = self.total(i)
        if not is_number(value):
            return [gap(frame.x(0), mid, height, value)]
        parts, x = [], frame.x(0)
        for k, (s, v) in enumerate(zip(self.series, self.values(i), strict=True)):
            if not is_number(v) or not v:
                continue
            w = frame.x(v) - frame.x(0)
            colour = self.colour(k)
            rect = el("rect", x=x, y=mid - height / 2, width=w, height=height, fill=colour, stroke="#ffffff")
            inside = format_number(v)
            label = text(x + w / 2, mid + 4, inside, size=11, anchor="middle", fill=readable_ink(colour))
            fits = text_width(inside, 11) + 6 <= w
            parts.append(
                tooltip(f"{category} — {s.name} : {format_value(v, self.unit)}", rect, *([label] if fits else []))
            )
            x += w
        parts.append(text(x + 5, mid + 4, self._total_text(i), font_weight="bold"))
        return parts

    def _group(self, frame, i, category):
        parts, unit = [], short_unit(self.unit)
        first = frame.mid(i) - (15 * len(self.series) - 2) / 2
        for k, (s, v) in enumerate(zip(self.series, self.values(i), strict=True)):
            y = first + 15 * k
            if is_number(v):
                tip = f"{category} — {s.name} : {format_value(v, self.unit)}"
                parts.append(frame.bar(v, y, 13, self.colour(k), format_value(v, unit), tip, size=11))
            else:
                parts.append(gap(frame.x(0), y + 6.5, 13, v))
        return parts


@dataclass
class StackedBarChart(_MultiBarChart):
    """Horizontal stacked bars: the parts of each category (e.g. adoptions by status per innovation).
    A part without a number is left out of the bar and makes its total partial (*)."""

    stacked = True


@dataclass
class GroupedBarChart(_MultiBarChart):
    """Horizontal grouped bars: several series side by side for each category."""

    stacked = False
