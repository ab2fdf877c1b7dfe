"""Charts go inline into pages whose Content-Security-Policy forbids inline styles
(docs/deployment.md): every element is drawn with presentation attributes, none with `style`."""

import xml.etree.ElementTree as ET

import pytest

from essaim.presentation.charts.france_map import FranceMap
from tests.presentation.test_charts import all_charts


def charts():
    return [*all_charts(), FranceMap("Structures par département", {"75": 12, "69": 3, "13": None}, unit="structures")]


@pytest.mark.parametrize("chart", charts(), ids=lambda c: type(c).__name__)
def test_no_chart_needs_an_inline_style(chart):
    root = ET.fromstring(str(chart.svg))
    styled = [element.tag for element in root.iter() if "style" in element.attrib]
    assert styled == []
    assert "<style" not in str(chart.svg) and "<script" not in str(chart.svg)
