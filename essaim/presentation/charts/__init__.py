"""Charts and the map of France drawn on the server as plain SVG 1.1 strings.

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

formats.py   French numbers and dates, the nc / ne / — marks, the data-table alternative
axes.py      round ticks for values, month ticks for dates
svg.py       colours, SVG elements, text that wraps, markers, legend, the gap of a missing value
bars.py      BarChart, StackedBarChart, GroupedBarChart
lines.py     LineChart
france_map.py  FranceMap, a choropleth of the 101 départements (outlines in data/)
"""
