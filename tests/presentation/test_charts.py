"""Charts drawn as SVG: well-formed, accessible, French numbers, and nc / ne never drawn as zero."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from essaim.core.figures import Cell, CellStatus
from essaim.presentation.charts.axes import date_ticks, nice_ticks
from essaim.presentation.charts.bars import Bar, BarChart, GroupedBarChart, Series, StackedBarChart
from essaim.presentation.charts.formats import NNBSP, format_number, format_value, value_of
from essaim.presentation.charts.lines import LineChart, TimeSeries
from essaim.presentation.charts.svg import PALETTE, contrast, wrap

SVG = "{http://www.w3.org/2000/svg}"

# Seed 003, Annexe I: people per innovation, and DELD back in work (nc / ne are not zero).
PEOPLE = [("VITA Air", 474), ("Parcours Gardien", 36), ("TAPAJ", 350), ("SOLENI", 8), ("Rallyes", 120)]
DELD = [("VITA Air", "nc"), ("Parcours Gardien", 28), ("TAPAJ", "nc"), ("Rallyes", "ne"), ("JEUNESS", 0)]


def parse(chart):
    return ET.fromstring(str(chart.svg))


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def bars(root):
    """Drawn bars: filled rectangles that are not a missing-value slot."""
    missing = {id(r) for g in root.iter(f"{SVG}g") if g.get("class") == "missing" for r in g.iter(f"{SVG}rect")}
    return [r for r in root.iter(f"{SVG}rect") if id(r) not in missing and r.get("fill", "").startswith("#0")]


def all_charts():
    return [
        BarChart("Personnes accompagnées", PEOPLE, unit="personnes"),
        BarChart("DELD en emploi", DELD),
        StackedBarChart("Adoptions", ["A", "B"], [Series("Formée", [1, 2]), Series("Abandon", [0, "nc"])]),
        GroupedBarChart("Partenaires", ["A", "B"], [Series("Structures", [3, 4]), Series("Entreprises", [5, "ne"])]),
        LineChart("Structures", [TimeSeries("TAPAJ", [(date(2017, 6, 30), 10), (date(2018, 6, 30), 20)])]),
    ]


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: type(c).__name__)
def test_every_chart_is_well_formed_accessible_svg(chart):
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text == chart.title
    assert desc.tag == f"{SVG}desc" and desc.text == chart.description and chart.description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert "sans-serif" in root.get("font-family")
    assert root.find(f".//{SVG}script") is None and "<style" not in str(chart.svg)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_two_charts_never_share_ids():
    first, second = BarChart("Un", PEOPLE), BarChart("Un", PEOPLE)
    assert parse(first).get("id") != parse(second).get("id")


def test_missing_values_are_labelled_gaps_never_zero_bars():
    chart = BarChart("DELD en emploi", DELD)
    root = parse(chart)
    drawn = bars(root)
    assert len(drawn) == 2  # Parcours Gardien (28) and JEUNESS (a real 0)
    gaps = [g for g in root.iter(f"{SVG}g") if g.get("class") == "missing"]
    labels = sorted("".join(g.find(f"{SVG}text").itertext()) for g in gaps)
    assert labels == ["nc (non communiqué)", "nc (non communiqué)", "ne (non évalué)"]
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "VITA Air : 0" not in titles and "Parcours Gardien : 28" in titles and "JEUNESS : 0" in titles
    assert chart.table.rows == [
        ["VITA Air", "nc"],
        ["Parcours Gardien", "28"],
        ["TAPAJ", "nc"],
        ["Rallyes", "ne"],
        ["JEUNESS", "0"],
    ]
    assert "nc : non communiqué" in chart.note and "ne : non évalué" in chart.note
    assert "2 non communiqués" in chart.description and "1 non évalué" in chart.description


def test_nothing_declared_is_a_dash_not_zero():
    root = parse(BarChart("Vide", [("A", None), ("B", 5)]))
    assert len(bars(root)) == 1
    assert "— (non déclaré)" in texts(root)


def test_only_zeros_and_only_gaps_still_draw():
    assert len(bars(parse(BarChart("Zéros", [("JEUNESS", 0), ("ACOR", 0)])))) == 2
    root = parse(BarChart("Rien", [("A", "nc"), ("B", "ne")]))
    assert bars(root) == [] and "nc (non communiqué)" in texts(root)
    assert parse(LineChart("Rien", [TimeSeries("A", [(date(2018, 1, 1), "nc")])])) is not None


def test_partial_total_is_marked():
    cell = Cell(value=1058, status=CellStatus.PARTIAL)
    chart = BarChart("Total", [Bar.from_cell("Total", cell), ("TAPAJ", 350)])
    assert f"1{NNBSP}058 *" in texts(parse(chart))
    assert chart.table.rows[0] == ["Total", f"1{NNBSP}058 *"]
    assert "total partiel" in chart.note


def test_value_of_reads_consolidation_cells():
    assert value_of(Cell(value=12, status=CellStatus.VALUE)) == 12
    assert value_of(Cell(status=CellStatus.NC)) == "nc"
    assert value_of(Cell(status=CellStatus.NE)) == "ne"
    assert value_of(Cell(status=CellStatus.MISSING)) is None


def test_stacked_bars_skip_parts_without_number_and_mark_the_total():
    chart = StackedBarChart(
        "Adoptions par statut",
        ["VITA Air", "A.CO.R", "Inconnue"],
        [Series("En déploiement", [6, 3, "nc"]), Series("Abandon", [1, "nc", "ne"])],
        category_header="Innovation",
    )
    root = parse(chart)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "VITA Air — Abandon : 1" in titles
    assert not any(t.startswith("A.CO.R — Abandon") for t in titles)  # nc: no segment at all
    assert "3 *" in texts(root) and "nc (non communiqué)" in texts(root)
    assert chart.table.header == ["Innovation", "En déploiement", "Abandon", "Total"]
    assert chart.table.rows == [
        ["VITA Air", "6", "1", "7"],
        ["A.CO.R", "3", "nc", "3 *"],
        ["Inconnue", "nc", "ne", "nc"],
    ]


def test_stacked_bars_refuse_negative_parts():
    with pytest.raises(ValueError):
        StackedBarChart("X", ["A"], [Series("s", [-1])])


def test_series_must_have_one_value_per_category():
    with pytest.raises(ValueError):
        GroupedBarChart("X", ["A", "B"], [Series("s", [1])])


def test_grouped_bars_draw_each_series_and_gaps():
    chart = GroupedBarChart(
        "Partenaires", ["VITA Air", "Rallyes"], [Series("Pros", [45, "ne"]), Series("Entr.", [79, 48])]
    )
    root = parse(chart)
    assert "ne (non évalué)" in texts(root)
    assert {"45", "79", "48"} <= set(texts(root))
    assert chart.table.rows == [["VITA Air", "45", "79"], ["Rallyes", "ne", "48"]]


def test_line_chart_breaks_at_missing_values_and_labels_them():
    chart = LineChart(
        "Structures en déploiement",
        [
            TimeSeries(
                "Parcours Gardien",
                [
                    (date(2018, 6, 30), 9),
                    (date(2016, 12, 31), 4),
                    (date(2017, 6, 30), 6),
                    (date(2017, 12, 31), "nc"),
                    (date(2018, 12, 31), 12),
                ],
            ),
            TimeSeries("TAPAJ", [(date(2016, 12, 31), 10), (date(2018, 12, 31), 40)]),
        ],
        unit="structures",
        step=True,
    )
    root = parse(chart)
    lines = list(root.iter(f"{SVG}path"))
    assert len(lines) == 3  # Parcours Gardien in two runs, TAPAJ in one
    missing = [g for g in root.iter(f"{SVG}g") if g.get("class") == "missing"]
    assert len(missing) == 1 and "".join(missing[0].find(f"{SVG}text").itertext()) == "nc"
    assert chart.table.header == ["Date", "Parcours Gardien (structures)", "TAPAJ (structures)"]
    assert chart.table.rows[0] == ["31/12/2016", "4", "10"]
    assert chart.table.rows[2] == ["31/12/2017", "nc", ""]
    assert "janv. 2017" in texts(root) or "2017" in texts(root)


def test_line_chart_needs_a_point():
    with pytest.raises(ValueError):
        LineChart("Vide", [TimeSeries("A", [])])


def test_text_is_escaped():
    chart = BarChart('Chiffres <b>& "co"</b>', [("<script>alert(1)</script>", 3)], description="a < b & c")
    raw = str(chart.svg)
    assert "<script>" not in raw and "<b>" not in raw
    root = ET.fromstring(raw)
    assert root[0].text == 'Chiffres <b>& "co"</b>' and root[1].text == "a < b & c"
    assert any("<script>" in t for t in texts(root))


def test_french_number_formatting():
    assert format_number(1058) == f"1{NNBSP}058"
    assert format_number(1234567.25) == f"1{NNBSP}234{NNBSP}567,25"
    assert format_number(12.5) == "12,5"
    assert format_number(12.0) == "12"
    assert format_number(Decimal("4.13")) == "4,13"
    assert format_number(-3) == "\u22123"
    assert format_number(-0.001) == "0"
    assert format_number(2.5, decimals=0) in ("2", "3")
    assert format_number(1000, decimals=1) == f"1{NNBSP}000,0"
    assert format_value(41.5, "%") == f"41,5{NNBSP}%"
    assert format_value("nc") == "nc" and format_value("ne") == "ne" and format_value(None) == "—"


def test_axis_ticks_are_nice_and_french():
    assert nice_ticks(0, 474) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(0, 1058) == [0, 500, 1000, 1500]
    assert nice_ticks(0, 2, integer=True) == [0, 1, 2]
    assert nice_ticks(0, 0, integer=True) == [0, 1]
    assert nice_ticks(0, 0.42) == [0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert nice_ticks(-30, 45)[0] <= -30 and nice_ticks(-30, 45)[-1] >= 45
    root = parse(BarChart("Personnes", [("A", 1058), ("B", 36)]))
    assert f"1{NNBSP}000" in texts(root) and f"1{NNBSP}500" in texts(root)
    root = parse(BarChart("Taux", [("A", 0.42)]))
    assert "0,2" in texts(root)


def test_date_ticks_pick_months_or_years():
    ticks = date_ticks(date(2016, 12, 31), date(2018, 12, 31))
    assert [label for _, label in ticks] == ["janv. 2017", "juil. 2017", "janv. 2018", "juil. 2018"]
    ticks = date_ticks(date(2015, 2, 1), date(2020, 12, 31))
    assert [label for _, label in ticks] == ["2016", "2017", "2018", "2019", "2020"]
    assert date_ticks(date(2018, 3, 31), date(2018, 3, 31))  # one point still gets a tick


def test_long_labels_wrap_and_are_cut():
    assert wrap("Lieu Ressources Emploi-Formation", 120, 12) == ["Lieu Ressources", "Emploi-Formation"]
    lines = wrap("un libellé beaucoup trop long pour tenir sur deux lignes de texte", 80, 12)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap(f"de 12{NNBSP}500 à 1{NNBSP}058{NNBSP}000", 70, 10, max_lines=3) == [
        f"de 12{NNBSP}500 à",
        f"1{NNBSP}058{NNBSP}000",
    ]


def test_palette_and_text_contrast():
    # The first colours, used for single-series bars and lines, contrast with white (≥ 3:1).
    assert all(contrast(colour, "#ffffff") >= 3 for colour in PALETTE[:3])


def test_partial_template_shows_svg_caption_note_and_table():
    chart = BarChart("DELD en emploi", DELD, label_header="Innovation")
    html = render_to_string("reports/_chart.html", {"chart": chart})
    assert html.count("<svg") == 1 and "<figcaption" in html and "DELD en emploi" in html
    assert "<details" in html and '<th scope="row">Parcours Gardien</th>' in html
    assert '<td class="num">28</td>' in html and "ce n&#x27;est pas zéro" in html
    assert "<details" not in render_to_string("reports/_chart.html", {"chart": chart, "no_table": True})
