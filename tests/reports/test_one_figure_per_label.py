"""One figure per label: a figure shown under a label is the same on every page that shows
that label on the same day — dashboard, public key figures, results, method board, innovation
list and pages, exports — and two different things never share a label.

Pages mark each labelled figure with `data-measure`, `data-label`, `data-value` and, for one
innovation's figure, `data-innovation`; the test reads those marks off the rendered pages."""

import io
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from essaim.evaluation import measures
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.reports.figures import PUBLIC
from essaim.reports.render import render
from tests.factories import UserFactory


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-measure" in attrs:
            self.found.append(attrs)


def marks(html):
    parser = Marks()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pages(client, db):
    """Every page that shows labelled figures, on today's date, as the programme team (who
    sees them all) and, for the public key figures, as an anonymous visitor."""
    load_reference_data()
    today = timezone.localdate().isoformat()
    found = {"chiffres clés (public)": client.get(reverse("reports:public"), {"au": today})}
    client.force_login(UserFactory(team=True))
    found["tableau de bord"] = client.get(reverse("reports:dashboard"))
    found["résultats"] = client.get(reverse("reports:consolidated"), {"au": today})
    found["méthode"] = client.get(reverse("reports:board"), {"au": today})
    found["innovations"] = client.get(reverse("innovations:list"))
    for code in Innovation.objects.values_list("code", flat=True):
        found[f"innovation {code}"] = client.get(reverse("innovations:detail", args=[code]))
    for name, response in found.items():
        assert response.status_code == 200, name
    return {name: marks(response.content.decode()) for name, response in found.items()}


def test_a_label_shows_one_figure_on_every_page(pages):
    values = defaultdict(set)  # (label, innovation) → {(value, page)}
    for page, found in pages.items():
        for mark in found:
            values[mark["data-label"], mark.get("data-innovation", "")].add((mark["data-value"], page))
    differing = {key: seen for key, seen in values.items() if len({value for value, _ in seen}) > 1}
    assert not differing, differing
    # The comparisons are real: the programme's and TAPAJ's structures are on several pages.
    pages_of = {key: {page for _, page in seen} for key, seen in values.items()}
    assert len(pages_of["Structures essaimées", ""]) >= 3  # dashboard, public page, results
    assert len(pages_of["Structures suivies", "TAPAJ"]) >= 3  # dashboard, board, list, its page
    assert len(pages_of["Structures essaimées", "TAPAJ"]) >= 2  # dashboard, results
    assert len(pages_of["Départements couverts", ""]) >= 2
    empty = [page for page, found in pages.items() if not found]
    assert empty == ["innovation TZC", "innovation JEUNESS"]  # never swarmed: no structure to count


def test_a_label_names_one_measure_and_a_measure_has_one_label(pages):
    labels, codes = defaultdict(set), defaultdict(set)
    for found in pages.values():
        for mark in found:
            labels[mark["data-measure"]].add(mark["data-label"])
            codes[mark["data-label"]].add(mark["data-measure"])
    assert all(len(found) == 1 for found in labels.values()), labels
    assert all(len(found) == 1 for found in codes.values()), codes
    for code, found in labels.items():
        assert found == {measures.label(code)}, code
    # The two structure counts are two things, under two labels.
    assert labels["structures_reached"] != labels["structures_followed"]


def test_the_export_shows_the_figures_of_the_pages(pages, db):
    """The consolidated report's key figures (XLSX; the PDF is drawn from the same tables) carry
    the labels and the numbers of the public page."""
    tiles = {m["data-label"]: m["data-value"] for m in pages["chiffres clés (public)"]}
    assert [measures.label(code) for code in PUBLIC] == list(tiles)
    book = load_workbook(io.BytesIO(render("consolidated", timezone.localdate(), "xlsx").content))
    rows = {row[0]: row[1] for sheet in book for row in sheet.iter_rows(values_only=True) if row and row[0] in tiles}
    assert set(rows) == set(tiles)
    for label, value in rows.items():
        shown = tiles[label].replace("\xa0", "").replace("\u202f", "").replace(" ", "")
        assert str(value) == shown, (label, value, tiles[label])
