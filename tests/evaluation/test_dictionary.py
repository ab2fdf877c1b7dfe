"""The indicator dictionary in pages: the team creates and changes indicators, every change keeps
its history, and an indicator in use never loses data silently (docs/indicators.md)."""

import datetime
import html

import pytest
from django.urls import reverse

from essaim.core import cache as reports_cache
from essaim.evaluation.dictionary import review_change, uses_of
from essaim.evaluation.dictionary_forms import version_of
from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import RuleKind, ValidationRule
from essaim.reference.models import PublishedFigure
from essaim.sources.models import Source
from tests.evaluation.helpers import put

LIST = reverse("evaluation:indicators")
CREATE = reverse("evaluation:indicator_create")


def edit_url(code):
    return reverse("evaluation:indicator_edit", args=[code])


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def team(client, personas):
    client.force_login(personas["team"])
    client.user = personas["team"]
    return client


def indicator_fields(indicator, **changes):
    """The edit form of `indicator` as a browser sends it, with `changes`."""
    data = {
        "code": indicator.code,
        "label": indicator.label,
        "unit": indicator.unit,
        "aggregation": indicator.aggregation,
        "levels": indicator.levels,
        "description": indicator.description,
        "position": indicator.position,
        "version": version_of(indicator),
        "reason": "",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def new_indicator(client, **fields):
    data = {"code": "mentors", "label": "Parrains et marraines", "unit": "personnes"}
    data |= {"aggregation": "last", "levels": "both", "position": 200, "description": ""} | fields
    return client.post(CREATE, data)


def test_the_team_adds_an_indicator_and_its_creation_is_kept(team):
    response = new_indicator(team, description="Bénévoles qui accompagnent un jeune.", reason="Demande du comité")
    assert response.status_code == 302 and response.url == edit_url("mentors")
    indicator = Indicator.objects.get(code="mentors")
    assert (indicator.label, indicator.unit, indicator.aggregation, indicator.levels) == (
        "Parrains et marraines",
        "personnes",
        "last",
        "both",
    )
    (created,) = indicator.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        team.user,
        "Demande du comité",
    )
    page = text(team.get(LIST))
    assert "Parrains et marraines" in page and "Bénévoles qui accompagnent un jeune." in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"code": "Parrains"}, "Le code s'écrit en minuscules"),
        ({"code": "people_reached"}, "Un indicateur porte déjà ce code."),
        ({"code": "dropouts_selected"}, "désigne déjà un chiffre calculé (Structures retenues pour l'essaimage)"),
        ({"label": ""}, "Ce champ est obligatoire."),
    ],
)
def test_a_wrong_indicator_is_refused_in_french(team, fields, message):
    response = new_indicator(team, **fields)
    assert response.status_code == 400
    assert message in text(response) and "Rien n'a été enregistré" in text(response)
    assert not Indicator.objects.filter(label="Parrains et marraines").exists()


def test_a_change_is_kept_with_before_after_who_and_why(team):
    new_indicator(team)
    indicator = Indicator.objects.get(code="mentors")
    response = team.post(
        edit_url("mentors"), indicator_fields(indicator, label="Parrains et marraines actifs", reason="Plus précis")
    )
    assert response.status_code == 302
    assert Indicator.objects.get(code="mentors").label == "Parrains et marraines actifs"
    page = text(team.get(reverse("evaluation:indicator_history", args=["mentors"])))
    assert "Modification" in page and "Création" in page and "Motif : Plus précis" in page
    assert '<th scope="row">Libellé</th><td>Parrains et marraines</td><td><strong>Parrains et marraines actifs' in page
    assert str(team.user) in page
    assert '<th scope="row">Code</th><td>—</td><td><code class="code">mentors</code></td>' in page  # a badge


def test_indicators_are_chosen_by_their_label_without_their_code(team):
    page = text(team.get(reverse("evaluation:indicator_create_derived")))
    assert ">Personnes concernées (DELD et jeunes)</option>" in page
    assert "(people_reached)" not in page


def test_a_change_made_meanwhile_is_never_overwritten(team):
    new_indicator(team)
    indicator = Indicator.objects.get(code="mentors")
    drawn = indicator_fields(indicator, label="Ma version")
    team.post(edit_url("mentors"), indicator_fields(indicator, label="Sa version"))
    response = team.post(edit_url("mentors"), drawn)
    assert response.status_code == 400
    assert "Quelqu'un a modifié cet indicateur pendant que vous le lisiez" in text(response)
    assert Indicator.objects.get(code="mentors").label == "Sa version"


def test_an_unused_indicator_changes_freely(team):
    new_indicator(team)
    indicator = Indicator.objects.get(code="mentors")
    fields = indicator_fields(indicator, code="tutors", aggregation="sum", unit="tuteurs", levels="structure")
    assert team.post(edit_url("mentors"), fields).status_code == 302
    indicator = Indicator.objects.get(code="tutors")
    assert (indicator.aggregation, indicator.unit, indicator.levels) == ("sum", "tuteurs", "structure")


@pytest.fixture
def used(world):
    """people_reached with values recorded: 36 for the world's own structure, 80 for ALPHA as a whole."""
    put(world.innovation, "people_reached", 36, structure=world.own.structure)
    put(world.innovation, "people_reached", 80)
    return Indicator.objects.get(code="people_reached")


@pytest.fixture
def custom_used(world):
    """A team indicator with a value recorded by a structure."""
    indicator = Indicator.objects.create(code="mentors", label="Parrains et marraines", unit="personnes")
    put(world.innovation, "mentors", 4, structure=world.own.structure)
    return indicator


def test_an_indicator_in_use_says_what_depends_on_it(team, used):
    page = text(team.get(edit_url("people_reached")))
    assert (
        "2 valeurs sont enregistrées pour cet indicateur (1 par structure, 1 pour l'innovation dans son ensemble)"
        in page
    )
    assert (
        "Indicateurs calculés à partir de lui : « Total des personnes impliquées », « Personnes par structure »" in page
    )
    assert "Règles de contrôle qui le vérifient" in page


def test_the_code_of_an_indicator_in_use_is_refused(team, custom_used):
    page = text(team.get(edit_url("mentors")))
    assert "Indicateur utilisé : son code ne change plus." in page
    response = team.post(edit_url("mentors"), indicator_fields(custom_used, code="tutors"))
    assert response.status_code == 400
    assert "Le code « mentors » ne peut plus changer" in text(response)
    assert Indicator.objects.filter(code="mentors").exists() and not Indicator.objects.filter(code="tutors").exists()
    changed = Indicator.objects.get(code="mentors")
    changed.code = "tutors"
    review = review_change(custom_used, changed, uses_of(custom_used))
    assert "son code ne peut plus changer" in review.refused["code"]


def test_a_new_aggregation_of_an_indicator_in_use_asks_for_confirmation(team, custom_used):
    fields = indicator_fields(custom_used, aggregation="sum")
    response = team.post(edit_url("mentors"), fields)
    assert response.status_code == 400
    page = text(response)
    assert "Agrégation : « Dernière valeur (stock ou cumul) » devient « Somme des périodes (flux) »" in page
    assert "1 valeur est enregistrée pour cet indicateur" in page
    assert "cochez la case pour confirmer" in page
    assert Indicator.objects.get(code="mentors").aggregation == "last"  # nothing saved yet

    response = team.post(edit_url("mentors"), fields | {"confirm": "on", "reason": "Flux mensuel"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="mentors")
    assert indicator.aggregation == "sum"
    assert indicator.history.first().history_change_reason == "Flux mensuel"


def test_a_new_unit_of_an_indicator_in_use_asks_for_confirmation(team, custom_used):
    response = team.post(edit_url("mentors"), indicator_fields(custom_used, unit="binômes"))
    assert response.status_code == 400
    assert "Unité : « personnes » devient « binômes ». Les valeurs déjà enregistrées ne sont pas converties" in text(
        response
    )
    assert Indicator.objects.get(code="mentors").unit == "personnes"


def test_a_level_that_would_leave_values_out_is_refused(team, custom_used):
    response = team.post(edit_url("mentors"), indicator_fields(custom_used, levels="innovation", confirm="on"))
    assert response.status_code == 400
    assert "Ce niveau laisserait de côté 1 valeur par structure déjà enregistrée" in text(response)
    assert Indicator.objects.get(code="mentors").levels == "both"


def test_a_level_that_keeps_the_values_asks_for_confirmation(team, custom_used):
    fields = indicator_fields(custom_used, levels="structure")
    assert "Niveau de saisie : « Structure ou innovation » devient « Structure »" in text(
        team.post(edit_url("mentors"), fields)
    )
    assert team.post(edit_url("mentors"), fields | {"confirm": "on"}).status_code == 302
    assert Indicator.objects.get(code="mentors").levels == "structure"


def test_a_level_that_breaks_a_comparison_rule_is_refused(team, world):
    indicator = Indicator.objects.create(code="mentors", label="Parrains", levels="structure")
    other = Indicator.objects.create(code="mentees", label="Filleuls", levels="structure")
    ValidationRule.objects.create(
        code="mentors-within-mentees",
        name="Parrains ≤ filleuls",
        kind=RuleKind.COMPARISON,
        indicator=indicator,
        comparator="lte",
        other_indicator=other,
    )
    response = team.post(edit_url("mentors"), indicator_fields(indicator, levels="innovation", confirm="on"))
    assert response.status_code == 400
    assert "La règle « Parrains ≤ filleuls » compare cet indicateur à « Filleuls »" in text(response)


def test_a_standard_indicator_keeps_its_definition(team, world):
    indicator = Indicator.objects.get(code="people_reached")
    page = text(team.get(edit_url("people_reached")))
    assert "Indicateur standard : fixé." in page
    fields = indicator_fields(indicator, label="Autre libellé", description="Les DELD et les jeunes accompagnés.")
    assert team.post(edit_url("people_reached"), fields).status_code == 302
    indicator.refresh_from_db()
    assert indicator.label == "Personnes concernées (DELD et jeunes)"  # the label field is locked
    assert indicator.description == "Les DELD et les jeunes accompagnés."
    changed = Indicator.objects.get(pk=indicator.pk)
    changed.aggregation = "sum"
    assert "indicateur standard" in review_change(indicator, changed, uses_of(indicator)).refused["aggregation"]


def test_an_indicator_named_by_a_published_figure_is_in_use(team, world):
    indicator = Indicator.objects.create(code="mentors", label="Parrains et marraines")
    source = Source.objects.create(document="003", title="Rapport d'évaluation")
    PublishedFigure.objects.create(
        key="mentors-2019",
        label="Parrains en 2019",
        value="12",
        source=source,
        measure="mentors",
        as_of=datetime.date(2019, 3, 31),
    )
    uses = uses_of(indicator)
    assert uses.in_use
    assert "1 chiffre publié le nomme et est comparé au chiffre calculé : « Parrains en 2019 »." in uses.sentences()
    response = team.get(reverse("evaluation:indicator_delete", args=["mentors"]))
    assert response.status_code == 400
    assert "Cet indicateur ne peut pas être supprimé" in text(response)


def test_an_indicator_in_use_cannot_be_deleted(team, custom_used):
    url = reverse("evaluation:indicator_delete", args=["mentors"])
    page = team.get(url)
    assert page.status_code == 400
    assert "1 valeur est enregistrée pour cet indicateur" in text(page)
    assert team.post(url).status_code == 400
    assert Indicator.objects.filter(code="mentors").exists()


def test_an_indicator_used_by_a_derived_one_cannot_be_deleted(team, world):
    Indicator.objects.create(code="mentors", label="Parrains")
    Indicator.objects.create(code="mentees", label="Filleuls")
    Indicator.objects.create(code="pairs", label="Binômes", operation="sum", operands=["mentors", "mentees"])
    response = team.post(reverse("evaluation:indicator_delete", args=["mentees"]))
    assert response.status_code == 400
    assert "Indicateur calculé à partir de lui : « Binômes »." in text(response)


def test_an_unused_indicator_is_deleted_after_confirmation_and_its_history_stays(team):
    new_indicator(team)
    url = reverse("evaluation:indicator_delete", args=["mentors"])
    assert "Supprimer l'indicateur" in text(team.get(url))
    assert Indicator.objects.filter(code="mentors").exists()  # asking is not deleting
    response = team.post(url, {"reason": "Doublon"})
    assert response.status_code == 302 and response.url == LIST
    assert not Indicator.objects.filter(code="mentors").exists()
    page = text(team.get(reverse("evaluation:indicator_history", args=["mentors"])))
    assert "Suppression" in page and "Motif : Doublon" in page and "Cet élément a été supprimé" in page


def test_a_standard_indicator_is_never_deleted(team, world):
    response = team.post(reverse("evaluation:indicator_delete", args=["structures_reached"]))
    assert response.status_code == 400
    assert Indicator.objects.filter(code="structures_reached").exists()


def test_an_unknown_code_has_no_history(team):
    assert team.get(reverse("evaluation:indicator_history", args=["nope"])).status_code == 404


def test_the_history_opens_with_the_state_before_any_change(team, world):
    """The indicators of the data migration have a first history row: their first change shows
    what it changed."""
    indicator = Indicator.objects.get(code="companies_involved")
    team.post(edit_url("companies_involved"), indicator_fields(indicator, description="Entreprises partenaires."))
    page = text(team.get(reverse("evaluation:indicator_history", args=["companies_involved"])))
    assert "<td>—</td><td><strong>Entreprises partenaires.</strong>" in page


def test_an_edit_shows_at_once_in_the_cached_reports(team, settings):
    settings.REPORTS_CACHE = True
    new_indicator(team)
    indicator = Indicator.objects.get(code="mentors")
    before = reports_cache.data_version()
    team.post(edit_url("mentors"), indicator_fields(indicator, label="Parrains actifs"))
    assert reports_cache.data_version() != before


def test_the_dictionary_is_reached_from_the_checks_page(team):
    page = text(team.get(reverse("evaluation:violations")))
    assert f'href="{LIST}"' in page and "Indicateurs et règles de contrôle" in page


def test_evaluators_read_the_dictionary_without_managing_it(client, personas, world):
    client.force_login(personas["evaluator"])
    page = text(client.get(LIST))
    assert "Personnes concernées (DELD et jeunes)" in page
    assert CREATE not in page and f'href="{edit_url("people_reached")}"' not in page
    assert reverse("evaluation:indicator_history", args=["people_reached"]) in page
    assert client.get(edit_url("people_reached")).status_code == 403
