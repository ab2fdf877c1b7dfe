"""Names in the order people expect: without case or accents, numbers in their order, the same in
Python, on SQLite and on PostgreSQL."""

import pytest
from django.urls import reverse

from essaim.core.text import folded, sort_key
from essaim.innovations.models import Innovation
from essaim.organizations.models import Network, Structure
from tests.factories import InnovationFactory, StructureFactory, UserFactory

# In the order people expect (the order a character code gives is another: « ATD » before
# « Abeilles », « n°10 » before « n°2 », « Énergie » after « Zèbre »).
EXPECTED = [
    "Abeilles",
    "ATD Quart Monde",
    "atelier du Lien",
    "Écart",
    "Énergie solidaire",
    "Entraide",
    "Lieu n°2",
    "Lieu n°10",
    "Lieu n°10 bis",
    "Œuvre",
    "Zèbre",
]


def test_folded_ignores_case_accents_and_spacing():
    assert folded("  Énergie   Solidaire ") == "energie solidaire"
    assert folded("Œuvre") == "oeuvre"


@pytest.mark.parametrize("order", [EXPECTED, EXPECTED[::-1], sorted(EXPECTED)])
def test_sort_key_gives_the_expected_order_from_any_order(order):
    assert sorted(order, key=sort_key) == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize("created", [EXPECTED, EXPECTED[::-1]])
def test_the_database_sorts_structures_networks_and_innovations_so_too(created):
    """The same order on SQLite and PostgreSQL (CI runs this test on PostgreSQL)."""
    for n, name in enumerate(created):
        StructureFactory(name=name)
        Network.objects.create(code=f"reseau-{n}", name=name)
        InnovationFactory(name=name, code=f"I{n}")
    assert list(Structure.objects.filter(name__in=EXPECTED).values_list("name", flat=True)) == EXPECTED
    assert list(Network.objects.values_list("name", flat=True)) == EXPECTED
    by_name = Innovation.objects.filter(name__in=EXPECTED).order_by("sort_name")
    assert list(by_name.values_list("name", flat=True)) == EXPECTED


@pytest.mark.django_db
def test_a_renamed_structure_takes_its_new_place(client):
    for name in ("Abeilles", "ATD Quart Monde", "Lieu n°10"):
        StructureFactory(name=name)
    renamed = Structure.objects.get(name="Lieu n°10")
    renamed.name = "Lieu n°2"
    renamed.save()
    client.force_login(UserFactory(team=True))
    page = client.get(reverse("organizations:list")).content.decode()
    assert page.index("Abeilles") < page.index("ATD Quart Monde") < page.index("Lieu n°2")
