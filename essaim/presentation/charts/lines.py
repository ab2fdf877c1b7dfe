"""Line charts: values over time, one line per series, a missing value breaking the line."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from essaim.presentation.charts.axes import date_ticks, tick_decimals, value_ticks
from essaim.presentation.charts.formats import (
    MISSING,
    DataTable,
    format_date,
    format_number,
    format_value,
    is_number,
    missing_key,
    missing_summary,
    reading_note,
    short_unit,
    with_unit,
)
from essaim.presentation.charts.svg import (
    AXIS,
    GRID,
    MARKERS,
    MUTED,
    PALETTE,
    el,
    legend,
    marker,
    n,
    new_id,
    svg_document,
    text,
    text_width,
    tooltip,
)


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
