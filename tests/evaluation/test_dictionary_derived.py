"""Derived indicators and validation rules in the dictionary's pages: a calculation is checked for
cycles, a new derived indicator shows at once in the consolidated table (through another derived
one too), and rules and plausibility ranges keep their history."""

import datetime
import html

import pytest
from django.urls import reverse

from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.dictionary_forms import version_of
from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import RuleKind, ValidationRule, Violation
from essaim.evaluation.validation import check_values
from tests.evaluation.helpers import put

AS_OF = datetime.date(2019, 3, 31)
CREATE_DERIVED = reverse("evaluation:indicator_create_derived")
CREATE_RULE = reverse("evaluation:rule_create")


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def team(client, personas):
    client.force_login(personas["team"])
    return client


def derived(client, code, label, operation, first, second, *others, url=CREATE_DERIVED, **fields):
    data = {"code": code, "label": label, "unit": "", "operation": operation, "first": first, "second": second}
    data |= {"others": list(others), "description": "", "position": 300} | fields
    return client.post(url, data)


def alpha(table):
    return next(row for row in table.rows if row.innovation.code == "ALPHA")


@pytest.fixture
def figures(world):
    """ALPHA on 31 March 2019: 36 people and 12 professionals for the own structure, 20 and 8 for
    the other one; 2 structures reached for the innovation as a whole."""
    for structure, people, professionals in ((world.own.structure, 36, 12), (world.other.structure, 20, 8)):
        put(world.innovation, "people_reached", people, structure=structure)
        put(world.innovation, "professionals_involved", professionals, structure=structure)
    put(world.innovation, "structures_reached", 2)
    return world


def test_a_new_derived_indicator_shows_in_the_consolidated_table(team, figures):
    response = derived(
        team,
        "people_minus_professionals",
        "Écart personnes − professionnels",
        "difference",
        "people_reached",
        "professionals_involved",
    )
    assert response.status_code == 302
    table = consolidate(AS_OF)
    assert "people_minus_professionals" in [i.code for i in table.indicators]
    row = alpha(table)
    cell = row.cells["people_minus_professionals"]
    assert (cell.value, cell.status) == (56 - 20, "value")
    assert table.total["people_minus_professionals"].value == 36
    page = text(team.get(reverse("reports:consolidated") + "?au=2019-03-31"))
    assert "Écart personnes − professionnels" in page


def test_a_derived_indicator_may_be_computed_from_another(team, figures):
    # people_involved_total (standard) = people + professionals = 76; per structure reached: 76 / 2.
    response = derived(
        team,
        "involved_per_structure",
        "Personnes impliquées par structure",
        "ratio",
        "people_involved_total",
        "structures_reached",
    )
    assert response.status_code == 302
    table = consolidate(AS_OF)
    assert alpha(table).cells["involved_per_structure"].value == 38.0
    assert table.total["involved_per_structure"].value == 38.0
    # Only the derived indicator asked for: the engine finds what it is computed from.
    only = consolidate(AS_OF, indicators=Indicator.objects.filter(code="involved_per_structure"))
    assert alpha(only).cells["involved_per_structure"].value == 38.0
    # « D'où vient ce chiffre » unfolds it to the entered indicators behind it.
    page = team.get(reverse("reports:cell_source", args=["ALPHA", "involved_per_structure"]) + "?au=2019-03-31")
    assert page.status_code == 200
    assert [i.code for i in Indicator.objects.get(code="involved_per_structure").base_indicators()] == [
        "people_reached",
        "professionals_involved",
        "structures_reached",
    ]


def test_a_circular_calculation_is_refused(team, world):
    Indicator.objects.create(code="mentors", label="Parrains")
    Indicator.objects.create(code="mentees", label="Filleuls")
    assert derived(team, "pairs", "Binômes", "sum", "mentors", "mentees").status_code == 302
    assert derived(team, "pairs_and_mentors", "Binômes et parrains", "sum", "pairs", "mentors").status_code == 302
    pairs = Indicator.objects.get(code="pairs")
    url = reverse("evaluation:indicator_edit", args=["pairs"])
    response = derived(
        team,
        "pairs",
        "Binômes",
        "sum",
        "pairs_and_mentors",
        "mentees",
        url=url,
        version=version_of(pairs),
        confirm="on",
    )
    assert response.status_code == 400
    assert (
        "Calcul circulaire : « Binômes » → « Binômes et parrains » → « Binômes ». Un indicateur ne peut pas dépendre "
        "de lui-même." in text(response)
    )
    assert Indicator.objects.get(code="pairs").operands == ["mentors", "mentees"]


def test_an_indicator_is_not_offered_as_its_own_operand(team, world):
    Indicator.objects.create(code="mentors", label="Parrains")
    derived(team, "pairs", "Binômes", "sum", "mentors", "people_reached")
    pairs = Indicator.objects.get(code="pairs")
    url = reverse("evaluation:indicator_edit", args=["pairs"])
    page = text(team.get(url))
    assert '<option value="pairs"' not in page
    response = derived(team, "pairs", "Binômes", "sum", "pairs", "mentors", url=url, version=version_of(pairs))
    assert response.status_code == 400 and "Sélectionnez un choix valide" in text(response)


@pytest.mark.parametrize(
    "operation, others, message",
    [
        ("ratio", ["companies_involved"], "Une différence ou un rapport porte sur deux termes seulement."),
        ("sum", ["people_reached"], "Chaque indicateur ne figure qu'une fois dans le calcul."),
        ("", [], "Ce champ est obligatoire."),
    ],
)
def test_a_wrong_calculation_is_refused(team, world, operation, others, message):
    response = derived(team, "odd", "Bizarre", operation, "people_reached", "professionals_involved", *others)
    assert response.status_code == 400 and message in text(response)
    assert not Indicator.objects.filter(code="odd").exists()


def test_a_new_calculation_of_a_derived_indicator_in_use_asks_for_confirmation(team, world):
    Indicator.objects.create(code="mentors", label="Parrains")
    derived(team, "pairs", "Binômes", "sum", "mentors", "people_reached")
    derived(team, "pairs_ratio", "Binômes par structure", "ratio", "pairs", "structures_reached")
    pairs = Indicator.objects.get(code="pairs")
    url = reverse("evaluation:indicator_edit", args=["pairs"])
    fields = {"url": url, "version": version_of(pairs)}
    response = derived(team, "pairs", "Binômes", "sum", "mentors", "professionals_involved", **fields)
    assert response.status_code == 400
    page = text(response)
    assert (
        "Calcul : « Parrains » + « Personnes concernées (DELD et jeunes) » devient « Parrains » + « Professionnels"
        in page
    )
    assert "et ceux de « Binômes par structure », calculé à partir de lui" in page
    assert Indicator.objects.get(code="pairs").operands == ["mentors", "people_reached"]
    response = derived(team, "pairs", "Binômes", "sum", "mentors", "professionals_involved", confirm="on", **fields)
    assert response.status_code == 302
    assert Indicator.objects.get(code="pairs").operands == ["mentors", "professionals_involved"]


def rule_fields(**fields):
    data = {"name": "Parrains plausibles", "code": "mentors-range", "kind": "bounds", "indicator": "", "comparator": ""}
    data |= {"other_indicator": "", "minimum": "", "maximum": "", "factor": "", "min_history": 3, "description": ""}
    data |= {"is_active": "on"}
    return {k: v for k, v in (data | fields).items() if v is not None}


def test_a_plausibility_range_is_offered_from_the_indicator_page(team, world):
    page = text(team.get(reverse("evaluation:indicator_edit", args=["people_reached"])))
    link = f"{CREATE_RULE}?indicateur=people_reached&type=bounds"
    assert (
        link.replace("&", "&amp;")
        in team.get(reverse("evaluation:indicator_edit", args=["people_reached"])).content.decode()
    )
    assert "Plage de vraisemblance" in page
    form = team.get(link).context["form"]
    assert form["indicator"].value() == Indicator.objects.get(code="people_reached").pk
    assert form["kind"].value() == "bounds"


def test_the_team_adds_a_plausibility_range_and_it_is_checked(team, world):
    people = Indicator.objects.get(code="people_reached")
    response = team.post(
        CREATE_RULE, rule_fields(indicator=people.pk, maximum=500, comparator="lt", reason="Au plus 500 par structure")
    )
    assert response.status_code == 302
    rule = ValidationRule.objects.get(code="mentors-range")
    assert (rule.kind, rule.minimum, rule.maximum, rule.comparator) == (RuleKind.BOUNDS, None, 500, "")
    assert rule.history.get().history_change_reason == "Au plus 500 par structure"
    put(world.innovation, "people_reached", 900, structure=world.own.structure)
    check_values(world.innovation)
    assert Violation.objects.filter(rule=rule).count() == 1
    page = text(team.get(reverse("evaluation:indicators")))
    assert "Parrains plausibles" in page and "Personnes concernées (DELD et jeunes) ≤ 500" in page


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"kind": "bounds"}, "minimum", "Indiquez un minimum, un maximum ou les deux."),
        ({"kind": "comparison", "comparator": "lte"}, "other_indicator", "Choisissez le second indicateur"),
        ({"kind": "outlier"}, "factor", "Indiquez le facteur d'écart"),
        ({"code": "nouvelle", "maximum": 3}, "code", "réservé"),
    ],
)
def test_a_wrong_rule_is_refused(team, world, fields, field, message):
    people = Indicator.objects.get(code="people_reached")
    response = team.post(CREATE_RULE, rule_fields(indicator=people.pk, **fields))
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])
    assert not ValidationRule.objects.filter(name="Parrains plausibles").exists()


def test_a_rule_is_changed_and_its_history_kept(team, world):
    people = Indicator.objects.get(code="people_reached")
    team.post(CREATE_RULE, rule_fields(indicator=people.pk, maximum=500))
    rule = ValidationRule.objects.get(code="mentors-range")
    url = reverse("evaluation:rule_edit", args=["mentors-range"])
    fields = rule_fields(indicator=people.pk, maximum=800, version=version_of(rule), reason="Grandes structures")
    assert team.post(url, fields | {"code": "mentors-range"}).status_code == 302
    assert ValidationRule.objects.get(code="mentors-range").maximum == 800
    page = text(team.get(reverse("evaluation:rule_history", args=["mentors-range"])))
    assert '<th scope="row">Maximum</th><td>500</td><td><strong>800</strong>' in page
    assert "Motif : Grandes structures" in page
    # The code is its stable identifier.
    renamed = team.post(url, fields | {"code": "other", "version": version_of(rule)})
    assert renamed.status_code == 400
    assert ValidationRule.objects.filter(code="mentors-range").exists()


def test_a_rule_that_found_violations_is_deactivated_not_deleted(team, world):
    put(world.innovation, "returns_to_employment", 40, structure=world.own.structure)
    put(world.innovation, "people_reached", 36, structure=world.own.structure)
    check_values(world.innovation)
    url = reverse("evaluation:rule_delete", args=["employment-within-people"])
    response = team.post(url)
    assert response.status_code == 400
    assert "Cette règle a relevé 1 anomalie" in text(response) and "Désactivez-la plutôt" in text(response)
    assert ValidationRule.objects.filter(code="employment-within-people").exists()


def test_a_rule_without_violations_is_deleted_and_its_history_stays(team, world):
    people = Indicator.objects.get(code="people_reached")
    team.post(CREATE_RULE, rule_fields(indicator=people.pk, maximum=500))
    url = reverse("evaluation:rule_delete", args=["mentors-range"])
    assert "Supprimer la règle" in text(team.get(url))
    assert team.post(url, {"reason": "Inutile"}).status_code == 302
    assert not ValidationRule.objects.filter(code="mentors-range").exists()
    page = text(team.get(reverse("evaluation:rule_history", args=["mentors-range"])))
    assert "Suppression" in page and "Motif : Inutile" in page
