"""A choropleth map of France by département, as an SVG string.

The outlines are read from data/departements.json: already projected (Lambert-93 for
metropolitan France and Corsica, a local projection for each overseas département, drawn in its
own box) and simplified by scripts/build_france_map.py, so drawing a map only reads a 100 KB file
and needs no geographic library. Source: IGN Admin Express COG 2018, Licence Ouverte (see
data/LICENCE.md and docs/charts.md).

Values are numbers or None by COG code; a département without a number is hatched and listed as
« aucune donnée », never coloured as zero. Classes are quantiles of the values (5 by default)
or fixed thresholds.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from essaim.presentation.charts.formats import DataTable, format_number, format_value, is_number, short_unit, with_unit
from essaim.presentation.charts.svg import INK, MUTED, el, escape, new_id, svg_document, text, wrap
from essaim.territories.cog import DEPARTEMENTS

GEOMETRY = Path(__file__).resolve().parent / "data" / "departements.json"
CODES = [code for code, _, _ in DEPARTEMENTS]
NAMES = {code: name for code, name, _ in DEPARTEMENTS}
# ColorBrewer "Blues": one hue from light to dark, so order reads without colour vision.
RAMP = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
BORDER = "#6b7385"
NO_DATA = "aucune donnée"
CREDIT = "Fond de carte : IGN, Admin Express COG 2018 (Licence Ouverte)"


@cache
def geometry():
    """The pre-projected outlines (read once per process)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: values from `low` to `high` (see `FranceMap.classify`)."""

    label: str
    colour: str
    low: float
    high: float
    count: int = 0


def colours(count):
    """`count` colours spread along the ramp, light to dark."""
    if count == 1:
        return [RAMP[4]]
    return [RAMP[round(i * (len(RAMP) - 1) / (count - 1))] for i in range(count)]


def quantile_bounds(values, count):
    """Upper bounds (inclusive) of up to `count` classes holding about as many values each."""
    ordered = sorted(values)
    bounds = []
    for i in range(1, count + 1):
        bound = ordered[math.ceil(i * len(ordered) / count) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def range_label(low, high):
    return format_number(low) if low == high else f"{format_number(low)} à {format_number(high)}"


@dataclass
class FranceMap:
    """A choropleth of the 101 départements.

    values: {COG code: number or None}; codes left out have no data. thresholds: fixed class
    limits (t1 < t2 < …: below t1, t1 to below t2, …, tn or more); by default, `classes`
    quantile classes of the values."""

    title: str
    values: dict
    description: str = ""
    unit: str = ""
    value_header: str = "Valeur"
    legend_title: str = ""
    thresholds: list | None = None
    classes: int = 5
    chart_id: str = field(default_factory=lambda: new_id("carte"))

    def __post_init__(self):
        unknown = sorted(set(self.values) - set(NAMES))
        if unknown:
            raise ValueError(f"Codes de département inconnus : {', '.join(map(str, unknown))}.")
        for code, value in self.values.items():
            if value is not None and not is_number(value):
                raise ValueError(f"La valeur du département {code} n'est pas un nombre : {value!r}.")
        if self.thresholds is not None and list(self.thresholds) != sorted(set(self.thresholds)):
            raise ValueError("Les seuils doivent être croissants et distincts.")
        if not self.description:
            self.description = self._summary()

    @property
    def numbers(self):
        return {code: v for code, v in self.values.items() if is_number(v)}

    @property
    def covered(self):
        """How many départements have a number."""
        return len(self.numbers)

    total = len(CODES)

    @property
    def coverage_text(self):
        if self.covered <= 1:
            return f"{self.covered} département sur {self.total} a une valeur"
        return f"{self.covered} départements sur {self.total} ont une valeur"

    @property
    def note(self):
        return f"{self.coverage_text} ; les autres sont hachurés ({NO_DATA})."

    def _summary(self):
        numbers = self.numbers
        text_ = (
            f"Carte des départements : {self.covered} sur {self.total} {'a' if self.covered == 1 else 'ont'} une valeur"
        )
        if numbers:
            low, high = min(numbers.values()), max(numbers.values())
            text_ += f", de {format_value(low, self.unit)} à {format_value(high, self.unit)}"
            top = max(numbers, key=lambda c: numbers[c])
            text_ += f" (la plus haute : {NAMES[top]})"
        return text_ + f". Les autres sont hachurés : {NO_DATA}."

    @cached_property
    def legend(self):
        """The classes, light to dark, each with its label, colour and number of départements."""
        numbers = list(self.numbers.values())
        if self.thresholds:
            limits = [-math.inf, *self.thresholds, math.inf]
            spans = list(zip(limits, limits[1:], strict=False))
            palette = colours(len(spans))
            result = []
            for (low, high), colour in zip(spans, palette, strict=True):
                if low == -math.inf:
                    label = f"moins de {format_number(high)}"
                elif high == math.inf:
                    label = f"{format_number(low)} ou plus"
                else:
                    label = f"{format_number(low)} à moins de {format_number(high)}"
                count = sum(1 for v in numbers if low <= v < high)
                result.append(MapClass(label, colour, low, high, count))
            return result
        if not numbers:
            return []
        bounds = quantile_bounds(numbers, self.classes)
        palette = colours(len(bounds))
        result, previous = [], -math.inf
        for bound, colour in zip(bounds, palette, strict=True):
            members = [v for v in numbers if previous < v <= bound]
            result.append(MapClass(range_label(min(members), bound), colour, min(members), bound, len(members)))
            previous = bound
        return result

    def classify(self, value):
        """The class a number falls in (None for no data)."""
        if not is_number(value):
            return None
        for item in self.legend:
            if (self.thresholds and item.low <= value < item.high) or (not self.thresholds and value <= item.high):
                return item
        return self.legend[-1]

    @cached_property
    def table(self):
        """Every département, in COG order: code, name, value (or « aucune donnée »)."""
        rows = []
        for code in CODES:
            value = self.values.get(code)
            shown = format_value(value, short_unit(self.unit)) if is_number(value) else NO_DATA
            rows.append([code, NAMES[code], shown])
        return DataTable(["Code", "Département", with_unit(self.value_header, self.unit)], rows, [False, False, True])

    def _path(self, code, d):
        value = self.values.get(code)
        item = self.classify(value)
        fill = item.colour if item else f"url(#{self.chart_id}-sans)"
        label = f"{NAMES[code]} ({code}) : {format_value(value, self.unit) if item else NO_DATA}"
        return el("path", el("title", escape(label)), d=d, fill=fill, data_code=code)

    @cached_property
    def svg(self):
        geo = geometry()
        body = [
            el(
                "defs",
                el(
                    "pattern",
                    el("rect", width=6, height=6, fill="#ffffff")
                    + el("line", x1=0, y1=0, x2=0, y2=6, stroke="#a3abb8", stroke_width=1.5),
                    id=f"{self.chart_id}-sans",
                    width=6,
                    height=6,
                    patternUnits="userSpaceOnUse",
                    patternTransform="rotate(45)",
                ),
            )
        ]
        paths = "".join(self._path(code, geo["paths"][code]) for code in CODES)
        body.append(el("g", paths, stroke=BORDER, stroke_width="0.4", stroke_linejoin="round"))
        for box in geo["insets"]:
            x, y, w, h = box["x"], box["y"], box["width"], box["height"]
            body.append(el("rect", x=x, y=y, width=w, height=h, fill="none", stroke="#a3abb8", stroke_width=1))
            for j, line in enumerate(wrap(box["label"], w, 10)[::-1]):
                body.append(text(x, y - 4 - 12 * j, line, size=10, fill=MUTED))
        zoom = "".join(self._path(code, d) for code, d in geo["zoom"].items())
        body.append(el("g", zoom, stroke=BORDER, stroke_width="0.6", stroke_linejoin="round"))
        x, y, w, h = geo["zoom_frame"]
        body.append(el("rect", x=x, y=y, width=w, height=h, fill="none", stroke=INK, stroke_width=1))
        body += self._legend(geo["legend"])
        body.append(text(geo["width"] - 6, geo["height"] - 6, CREDIT, size=8, anchor="end", fill=MUTED))
        return svg_document(
            self.chart_id, self.title, self.description, geo["width"], geo["height"], body, "essaim-chart essaim-map"
        )

    def _legend(self, box):
        x, y, width = box["x"], box["y"], box["width"]
        parts = []
        for line in wrap(self.legend_title or with_unit(self.value_header, self.unit), width, 11, max_lines=3):
            parts.append(text(x, y, line, size=11, font_weight="bold"))
            y += 14
        y += 2
        items = [(c.label, c.colour) for c in self.legend] + [(NO_DATA, f"url(#{self.chart_id}-sans)")]
        for label, fill in items:
            parts.append(el("rect", x=x, y=y, width=14, height=12, fill=fill, stroke=BORDER, stroke_width=0.5))
            lines = wrap(label, width - 20, 10)
            for j, line in enumerate(lines):
                parts.append(text(x + 20, y + 10 + 12 * j, line, size=10))
            y += 8 + 12 * len(lines)
        for line in wrap(self.coverage_text, width, 10, max_lines=3):
            parts.append(text(x, y + 8, line, size=10, fill=MUTED))
            y += 12
        return [el("g", "".join(parts), class_="legend")]
