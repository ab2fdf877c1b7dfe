"""The map of France by département: every code drawn, legend and coverage right, text escaped."""

import json
import xml.etree.ElementTree as ET

import pytest

from essaim.presentation.charts.bars import BarChart
from essaim.presentation.charts.formats import NNBSP
from essaim.presentation.charts.france_map import CODES, GEOMETRY, NAMES, NO_DATA, FranceMap, geometry, quantile_bounds
from essaim.territories.cog import DEPARTEMENTS

SVG = "{http://www.w3.org/2000/svg}"
OVERSEAS = ["971", "972", "973", "974", "976"]


def parse(chart):
    return ET.fromstring(str(chart.svg))


def departement_paths(root):
    return [p for p in root.iter(f"{SVG}path") if p.get("data-code")]


def legend_texts(root):
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    return ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]


def test_the_101_codes_are_the_cog_ones():
    assert len(CODES) == 101 and [code for code, _, _ in DEPARTEMENTS] == CODES
    assert {"2A", "2B", *OVERSEAS} <= set(CODES) and "20" not in CODES


def test_geometry_file_is_small_and_says_where_it_comes_from():
    assert GEOMETRY.stat().st_size < 500_000
    data = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    assert "IGN" in data["source"] and "Licence Ouverte" in data["licence"]
    assert set(data["paths"]) == set(CODES)
    assert set(data["zoom"]) == {"75", "92", "93", "94"}
    assert [box["id"] for box in data["insets"]] == [*OVERSEAS, "idf"]
    assert (GEOMETRY.parent / "LICENCE.md").exists()


def test_every_departement_has_a_path_with_its_name():
    root = parse(FranceMap("Structures", {"75": 3}))
    paths = departement_paths(root)
    assert {p.get("data-code") for p in paths} == set(CODES)
    main = [p for p in paths if p.get("d")][: len(CODES)]
    assert [p.get("data-code") for p in main] == CODES  # one each, in COG order, before the zoom
    for path in main:
        assert path.get("d").startswith("M") and path.get("d").endswith("z")
        assert path.find(f"{SVG}title").text.startswith(f"{NAMES[path.get('data-code')]} ({path.get('data-code')}) : ")


def test_corsica_and_overseas_are_drawn_and_overseas_boxed():
    root = parse(FranceMap("Structures", dict.fromkeys(["2A", "2B", *OVERSEAS], 1)))
    drawn = {p.get("data-code"): p for p in departement_paths(root)}
    for code in ["2A", "2B", *OVERSEAS]:
        assert not drawn[code].get("fill").startswith("url(")
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for name in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"):
        assert name in labels


def test_svg_is_well_formed_and_accessible():
    chart = FranceMap("Personnes accompagnées", {"75": 1200, "13": 4})
    root = parse(chart)
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Personnes accompagnées"
    assert root[1].tag == f"{SVG}desc" and "2 sur 101" in root[1].text
    assert root.get("aria-labelledby") == f"{root[0].get('id')} {root[1].get('id')}"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert root.find(f".//{SVG}script") is None


def test_departements_without_number_are_hatched_never_zero_coloured():
    chart = FranceMap("Structures", {"75": 0, "13": None, "69": 5})
    drawn = {p.get("data-code"): p for p in departement_paths(parse(chart))}
    hatch = f"url(#{chart.chart_id}-sans)"
    assert drawn["13"].get("fill") == hatch and drawn["01"].get("fill") == hatch
    assert drawn["75"].get("fill") != hatch  # a real zero has a class
    assert drawn["13"].find(f"{SVG}title").text == f"Bouches-du-Rhône (13) : {NO_DATA}"
    assert drawn["75"].find(f"{SVG}title").text == "Paris (75) : 0"
    assert chart.covered == 2


def test_quantile_legend_and_covered_count():
    values = {code: i + 1 for i, code in enumerate(CODES[:20])}
    chart = FranceMap("Structures", values)
    assert chart.covered == 20
    assert [c.label for c in chart.legend] == ["1 à 4", "5 à 8", "9 à 12", "13 à 16", "17 à 20"]
    assert [c.count for c in chart.legend] == [4, 4, 4, 4, 4]
    assert len({c.colour for c in chart.legend}) == 5
    texts = legend_texts(parse(chart))
    assert "1 à 4" in texts and NO_DATA in texts
    assert "20 départements sur 101 ont une valeur" in " ".join(texts)
    assert chart.note.startswith("20 départements sur 101")


def test_quantiles_merge_when_values_repeat():
    assert quantile_bounds([1, 1, 1, 1, 2], 5) == [1, 2]
    chart = FranceMap("Structures", {"01": 1, "02": 1, "03": 1, "04": 1, "05": 2})
    assert [(c.label, c.count) for c in chart.legend] == [("1", 4), ("2", 1)]


def test_fixed_thresholds():
    chart = FranceMap("Structures", {"01": 1, "02": 2, "03": 4.5, "04": 5, "05": 100}, thresholds=[2, 5, 10])
    assert [c.label for c in chart.legend] == ["moins de 2", "2 à moins de 5", "5 à moins de 10", "10 ou plus"]
    assert [c.count for c in chart.legend] == [1, 2, 1, 1]
    assert chart.classify(2).label == "2 à moins de 5" and chart.classify(10).label == "10 ou plus"
    with pytest.raises(ValueError):
        FranceMap("X", {}, thresholds=[5, 2])


def test_no_data_at_all_still_draws():
    chart = FranceMap("Vide", {})
    root = parse(chart)
    assert chart.covered == 0 and chart.legend == []
    assert legend_texts(root).count(NO_DATA) == 1


def test_unknown_codes_and_non_numbers_are_refused():
    with pytest.raises(ValueError, match="inconnus"):
        FranceMap("X", {"20": 1})
    with pytest.raises(ValueError):
        FranceMap("X", {"75": "nc"})


def test_table_alternative_lists_every_departement():
    chart = FranceMap("Personnes", {"75": 1200, "2A": 7.5}, unit="personnes", value_header="Personnes accompagnées")
    table = chart.table
    assert table.header == ["Code", "Département", "Personnes accompagnées (personnes)"]
    assert len(table.rows) == 101 and [r[0] for r in table.rows] == CODES
    rows = {r[0]: r for r in table.rows}
    assert rows["75"] == ["75", "Paris", f"1{NNBSP}200"]
    assert rows["2A"] == ["2A", "Corse-du-Sud", "7,5"]
    assert rows["976"] == ["976", "Mayotte", NO_DATA]


def test_french_numbers_in_tooltips_and_legend():
    chart = FranceMap("Personnes", {"75": 1200, "13": 12500}, unit="personnes")
    drawn = {p.get("data-code"): p for p in departement_paths(parse(chart))}
    assert drawn["75"].find(f"{SVG}title").text == f"Paris (75) : 1{NNBSP}200{NNBSP}personnes"
    assert f"12{NNBSP}500" in legend_texts(parse(chart))


def test_text_is_escaped():
    chart = FranceMap("Carte <b>& co</b>", {"75": 1}, legend_title="Valeurs <i>", description='a "b" < c')
    root = parse(chart)
    assert root[0].text == "Carte <b>& co</b>" and root[1].text == 'a "b" < c'
    assert "Valeurs <i>" in legend_texts(root)


def test_two_maps_have_their_own_hatch_pattern():
    first, second = FranceMap("A", {}), FranceMap("B", {})
    assert first.chart_id != second.chart_id
    assert f'id="{first.chart_id}-sans"' in str(first.svg) and f"#{first.chart_id}-sans" not in str(second.svg)


def test_geometry_is_read_once():
    assert geometry() is geometry()


def test_weasyprint_renders_a_chart_and_the_map_to_pdf():
    weasyprint = pytest.importorskip("weasyprint")
    chart = BarChart("Personnes", [("TAPAJ", 350), ("VITA Air", "nc")])
    html = f"<html><body>{chart.svg}{FranceMap('Carte', {'75': 3, '971': 1}).svg}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
