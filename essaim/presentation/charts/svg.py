"""SVG elements and the page's ink: colours, escaped text and labels that wrap, markers, the
legend, the gap that marks a missing value, the root element of every chart."""

import math
import uuid
from xml.sax.saxutils import escape as _escape

from django.utils.safestring import mark_safe

from essaim.presentation.charts.formats import MISSING, format_value, is_number, missing_key

FONT = "DejaVu Sans, sans-serif"
INK = "#1d2433"
MUTED = "#4a5468"
GRID = "#dfe3ea"
AXIS = "#8a94a6"
# Okabe & Ito's colour-blind-safe palette, highest contrast on white first.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555")
MARKERS = ("circle", "square", "triangle", "diamond")

CHAR_WIDTH = 0.6  # average glyph width of DejaVu Sans, in em, to size margins without font metrics


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
