"""Charts drawn on the server as plain SVG 1.1 strings.

The same drawing goes into HTML pages (inline) and into PDFs made by WeasyPrint, so the SVG
uses presentation attributes only: no script, no CSS that could leak into the page, no web font
("DejaVu Sans, sans-serif", which WeasyPrint and browsers find locally).

Why hand-written rather than a library such as pygal: the domain needs what none does out of the
box — a value that is *nc* (not communicated) or *ne* (not evaluated) must show as a labelled
gap and never as a zero-length bar; partial totals carry a mark; numbers are written the French
way (narrow no-break space between thousands, decimal comma); every chart carries its data as a
table for readers who cannot see it. Drawing four kinds of chart takes less code than bending a
library to those rules, and adds no dependency.

Every chart has a `title`, a `description` (for `<desc>` and screen readers; a summary is
written when none is given), a `note` (the key to nc / ne / — / *), a `table` (the data-table
alternative) and `svg` (the drawing, safe to insert in a template).
"""

import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from xml.sax.saxutils import escape as _escape

from django.utils.safestring import mark_safe

FONT = "DejaVu Sans, sans-serif"
INK = "#1d2433"
MUTED = "#4a5468"
GRID = "#dfe3ea"
AXIS = "#8a94a6"
# Okabe & Ito's colour-blind-safe palette, highest contrast on white first.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555")
MARKERS = ("circle", "square", "triangle", "diamond")
MISSING = {"nc": "non communiqué", "ne": "non évalué", None: "non déclaré"}
NOTES = {
    "nc": "nc : non communiqué — ce n'est pas zéro",
    "ne": "ne : non évalué à ce stade",
    None: "— : rien n'a été déclaré",
    "partial": "* : total partiel, une partie n'a pas donné de nombre",
}
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator
CHAR_WIDTH = 0.6  # average glyph width of DejaVu Sans, in em, to size margins without font metrics
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


# --- values and their French writing ---------------------------------------------------------------
def is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def missing_key(value):
    """ "nc" or "ne" for those, None for any other value without a number."""
    return value if value in ("nc", "ne") else None


def format_number(value, decimals=None):
    """French writing of a number: 1 058, 12,5, −3. Up to two decimals unless told."""
    value = float(value)
    if decimals is None:
        decimals = next(d for d in (0, 1, 2) if round(value, d) == round(value, 2))
    digits = f"{abs(value):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return "\u2212" + digits if value < 0 and digits.strip("0,") else digits


def short_unit(unit):
    """Units such as % or € follow every number; longer ones (personnes) name an axis or a column."""
    return unit if len(unit) <= 2 else ""


def with_unit(header, unit):
    return f"{header} ({unit})" if unit and not short_unit(unit) else header


def format_value(value, unit="", partial=False):
    """A value as a reader sees it: a number (with its unit), « nc », « ne », or « — »."""
    if not is_number(value):
        return value if value in ("nc", "ne") else "—"
    return format_number(value) + (f"{NNBSP}{unit}" if unit else "") + (" *" if partial else "")


def format_date(day):
    return day.strftime("%d/%m/%Y")


def value_of(cell):
    """A consolidation cell (consolidation.Cell) as a chart value: its number, else nc / ne / None."""
    if cell.value is not None:
        return cell.value
    return missing_key(str(cell.status))


def reading_note(values, partial=False):
    """The key to the marks a chart shows (nc, ne, —, *), or "" when it shows none."""
    shown = {missing_key(v) for v in values if not is_number(v)}
    keys = [k for k in ("nc", "ne", None) if k in shown] + (["partial"] if partial else [])
    return " ; ".join(NOTES[k] for k in keys) + "." if keys else ""


def missing_summary(values):
    """For a description: how many values have no number, by kind."""
    counts = {k: sum(1 for v in values if not is_number(v) and missing_key(v) == k) for k in MISSING}
    parts = [f"{c} {MISSING[k]}{'s' if c > 1 else ''}" for k, c in counts.items() if c]
    return f" Sans nombre : {', '.join(parts)} (ce n'est pas zéro)." if parts else ""


# --- text, scales ---------------------------------------------------------------------------------
def escape(text):
    """Text for XML content or a double-quoted attribute."""
    return _escape(str(text), {'"': "&quot;"})


def new_id(prefix="graphique"):
    """An id unique in a page, so several charts can share one document."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def text_width(text, size):
    return len(str(text)) * size * CHAR_WIDTH


def wrap(text, width, size, max_lines=2):
    """Cut a label into lines that fit `width` px; the last line ends with … if cut short."""
    limit = max(4, int(width / (size * CHAR_WIDTH)))
    lines, current = [], ""
    for word in filter(None, str(text).split(" ")):  # not split(): it would cut at the narrow no-break space
        if current and len(f"{current} {word}") > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    lines = [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1].rstrip("…").rstrip() + "…"
    return lines


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


def luminance(colour):
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_ink(fill):
    """Dark or white text, whichever contrasts more with the fill."""
    return INK if contrast(fill, INK) >= contrast(fill, "#ffffff") else "#ffffff"


# --- SVG elements ---------------------------------------------------------------------------------
def n(value):
    """A coordinate, short: 12, 12.5."""
    value = round(float(value), 1)
    return str(int(value)) if value == int(value) else str(value)


def el(tag, content=None, **attrs):
    """One SVG element. Attribute names use _ for - (font_size → font-size; class_ → class);
    numbers are rounded to 0.1; None leaves the attribute out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is not None:
            value = n(value) if is_number(value) else value
            parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(value)}"')
    opening = " ".join(parts)
    return f"<{opening}/>" if content is None else f"<{opening}>{content}</{tag}>"


def text(x, y, content, size=12, anchor=None, fill=INK, **attrs):
    return el("text", escape(content), x=x, y=y, font_size=size, text_anchor=anchor, fill=fill, **attrs)


def tooltip(label, *children, **attrs):
    """A group whose <title> browsers show on hover."""
    return el("g", el("title", escape(label)) + "".join(children), **attrs)


def marker(shape, x, y, colour, size=4.0):
    """A point marker; its shape tells series apart without colour."""
    if shape == "circle":
        return el("circle", cx=x, cy=y, r=size, fill=colour)
    if shape == "square":
        return el("rect", x=x - size, y=y - size, width=size * 2, height=size * 2, fill=colour)
    if shape == "triangle":
        corners = [(0, -1.25), (1.15, 0.8), (-1.15, 0.8)]
    else:
        corners = [(0, -1.35), (1, 0), (0, 1.35), (-1, 0)]
    points = " ".join(f"{n(x + dx * size)},{n(y + dy * size)}" for dx, dy in corners)
    return el("polygon", points=points, fill=colour)


def svg_document(chart_id, title, description, width, height, body, css_class="essaim-chart"):
    """The root element: accessible name and description, intrinsic size, a generic font."""
    width, height = int(width), int(math.ceil(height))
    head = el("title", escape(title), id=f"{chart_id}-title") + el("desc", escape(description), id=f"{chart_id}-desc")
    return mark_safe(
        el(
            "svg",
            head + "".join(body),
            xmlns="http://www.w3.org/2000/svg",
            version="1.1",
            id=chart_id,
            class_=css_class,
            width=width,
            height=height,
            viewBox=f"0 0 {width} {height}",
            role="img",
            aria_labelledby=f"{chart_id}-title {chart_id}-desc",
            font_family=FONT,
            font_size=12,
        )
    )


def legend(items, x, y, width, size=11):
    """A wrapping row of keys; items are (label, colour, marker shape or None, dash or None).
    Returns (elements, height used)."""
    parts, cx, cy = [], x, y
    for label, colour, shape, dash in items:
        item_width = 22 + text_width(label, size) + 14
        if cx > x and cx + item_width > x + width:
            cx, cy = x, cy + size + 8
        mid = cy + size / 2
        if shape:
            parts.append(
                el("line", x1=cx, y1=mid, x2=cx + 18, y2=mid, stroke=colour, stroke_width=2, stroke_dasharray=dash)
            )
            parts.append(marker(shape, cx + 9, mid, colour, 3.5))
        else:
            parts.append(el("rect", x=cx, y=cy, width=12, height=12, fill=colour))
        parts.append(text(cx + 22, cy + size - 1, label, size=size))
        cx += item_width
    return parts, cy + size + 8 - y


def gap(x, mid, height, value):
    """A missing value: a dashed empty slot labelled nc / ne / —, so it never reads as zero."""
    label = f"{format_value(value)} ({MISSING[missing_key(value)]})"
    slot = el(
        "rect",
        x=x + 2,
        y=mid - height / 2,
        width=text_width(label, 11) + 12,
        height=height,
        fill="#ffffff",
        stroke=AXIS,
        stroke_dasharray="3 2",
    )
    return tooltip(label, slot, text(x + 8, mid + 4, label, size=11, fill=MUTED, font_style="italic"), class_="missing")


@dataclass(frozen=True)
class DataTable:
    """The data-table alternative of a chart: header, rows of text, which columns are numbers."""

    header: list
    rows: list
    numeric: list

    @property
    def marked_header(self):
        """(label, is_numeric) pairs, for templates."""
        return list(zip(self.header, self.numeric, strict=True))

    @property
    def marked_rows(self):
        """Rows of (text, is_numeric) pairs, for templates."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


# --- horizontal bars --------------------------------------------------------------------------------
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


# --- lines over time ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimeSeries:
    """A named list of (date, value) points."""

    name: str
    points: list
    colour: str | None = None


@dataclass
class LineChart:
    """Values over time, one line per series (e.g. an indicator's value at each period end).

    `step=True` draws a stock that holds until the next value (a staircase). A missing value
    breaks the line and is written as nc / ne above the plot, at its date. `day_label` writes a
    date on the axis, in tooltips and in the table when the dates stand for something else
    (months since entry: a Kaplan–Meier curve); by default, JJ/MM/AAAA and month ticks."""

    title: str
    series: list
    description: str = ""
    unit: str = ""
    step: bool = False
    date_header: str = "Date"
    width: int = 720
    height: int = 320
    day_label: object = None
    chart_id: str = field(default_factory=new_id)

    def __post_init__(self):
        self.series = [TimeSeries(s.name, sorted(s.points, key=lambda p: p[0]), s.colour) for s in self.series]
        if not any(s.points for s in self.series):
            raise ValueError("Une courbe a besoin d'au moins un point.")
        if not self.description:
            self.description = self._summary()

    def colour(self, k):
        return self.series[k].colour or PALETTE[k % len(PALETTE)]

    def label(self, day):
        return self.day_label(day) if self.day_label else format_date(day)

    def style(self, k):
        """(colour, marker shape, dash): three cues, so series read apart in grey too."""
        return self.colour(k), MARKERS[k % len(MARKERS)], None if k % 2 == 0 else "6 3"

    def _summary(self):
        days = [d for s in self.series for d, _ in s.points]
        plural = "s" if len(self.series) > 1 else ""
        parts = [f"Courbe{plural} du {self.label(min(days))} au {self.label(max(days))}."]
        for s in self.series:
            numbers = [v for _, v in s.points if is_number(v)]
            if numbers:
                first, last = format_value(numbers[0], self.unit), format_value(numbers[-1], self.unit)
                parts.append(f"{s.name} : de {first} à {last}.")
        return " ".join(parts) + missing_summary([v for s in self.series for _, v in s.points])

    @property
    def note(self):
        return reading_note([v for s in self.series for _, v in s.points])

    @cached_property
    def table(self):
        unit = short_unit(self.unit)
        days = sorted({d for s in self.series for d, _ in s.points})
        lookup = [dict(s.points) for s in self.series]
        rows = [[self.label(d), *(format_value(p[d], unit) if d in p else "" for p in lookup)] for d in days]
        header = [self.date_header, *(with_unit(s.name, self.unit) for s in self.series)]
        return DataTable(header, rows, [False] + [True] * len(self.series))

    @cached_property
    def svg(self):
        numbers = [float(v) for s in self.series for _, v in s.points if is_number(v)]
        ticks = value_ticks(numbers)
        decimals = tick_decimals(ticks)
        left = max(text_width(format_number(t, decimals), 11) for t in ticks) + 14
        items = [(s.name, *self.style(k)) for k, s in enumerate(self.series)]
        body, keys_height = legend(items, left, 6, self.width - left - 8)
        # A band above the plot, one line per series with missing values, where they are written.
        with_gaps = [k for k, s in enumerate(self.series) if any(not is_number(v) for _, v in s.points)]
        band = 6 + keys_height + 14
        top = band + 14 * len(with_gaps) + 6
        bottom, x0, x1 = self.height - 28, left + 10, self.width - 24
        days = [d for s in self.series for d, _ in s.points]
        first, last = min(days), max(days)
        if first == last:
            first, last = date.fromordinal(first.toordinal() - 15), date.fromordinal(last.toordinal() + 15)

        def sx(day):
            return x0 + (day.toordinal() - first.toordinal()) / (last.toordinal() - first.toordinal()) * (x1 - x0)

        def sy(v):
            return bottom - (float(v) - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

        for t in ticks:
            body.append(el("line", x1=left, y1=sy(t), x2=x1 + 10, y2=sy(t), stroke=AXIS if t == 0 else GRID))
            body.append(text(left - 6, sy(t) + 4, format_number(t, decimals), size=11, anchor="end", fill=MUTED))
        for day, label in date_ticks(first, last):
            label = self.day_label(day) if self.day_label else label
            body.append(el("line", x1=sx(day), y1=bottom, x2=sx(day), y2=bottom + 5, stroke=AXIS))
            body.append(text(sx(day), bottom + 18, label, size=11, anchor="middle", fill=MUTED))
        if self.unit:
            body.append(text(4, top - 10, self.unit, size=11, fill=MUTED))
        for k, s in enumerate(self.series):
            colour, shape, dash = self.style(k)
            for run in self._runs(s.points):
                coords = []
                for j, (day, v) in enumerate(run):
                    if self.step and j:
                        coords.append((sx(day), sy(run[j - 1][1])))
                    coords.append((sx(day), sy(v)))
                if len(coords) > 1:
                    d = "M" + " L".join(f"{n(x)} {n(y)}" for x, y in coords)
                    body.append(el("path", d=d, fill="none", stroke=colour, stroke_width=2.5, stroke_dasharray=dash))
            for day, v in s.points:
                tip = f"{s.name}, {self.label(day)} : {format_value(v, self.unit)}"
                if is_number(v):
                    body.append(tooltip(tip, marker(shape, sx(day), sy(v), colour)))
                    continue
                y = band + 14 * with_gaps.index(k)
                word = text(sx(day), y, format_value(v), size=11, anchor="middle", fill=colour, font_weight="bold")
                line = el("line", x1=sx(day), y1=y + 3, x2=sx(day), y2=bottom, stroke=colour, stroke_dasharray="1 3")
                body.append(tooltip(f"{tip} ({MISSING[missing_key(v)]})", word, line, class_="missing"))
        return svg_document(self.chart_id, self.title, self.description, self.width, self.height, body)

    @staticmethod
    def _runs(points):
        """Consecutive numeric points: a missing value breaks the line."""
        run = []
        for day, v in points:
            if is_number(v):
                run.append((day, v))
            elif run:
                yield run
                run = []
        if run:
            yield run
