"""Qualitative findings: search, who reads which, writing them, and their section of the
innovation report (page and PDF)."""

import datetime

import pytest
from django.urls import reverse

from essaim.grids.models import Finding
from essaim.reports import render


@pytest.fixture
def findings(world):
    general = Finding.objects.create(
        innovation=world.innovation,
        phase=1,
        kind="effect",
        theme="partenariats",
        text="Plus de prescriptions vers le PLIE",
        observed_on=datetime.date(2018, 1, 1),
    )
    named = Finding.objects.create(
        innovation=world.innovation,
        phase=2,
        structure=world.other.structure,
        kind="quote",
        theme="lieu",
        text="Nous avons enfin un local",
        attribution="La directrice",
        observed_on=datetime.date(2019, 1, 1),
    )
    own = Finding.objects.create(
        innovation=world.innovation,
        structure=world.own.structure,
        kind="difficulty",
        theme="lieu",
        text="Pas de local disponible",
        observed_on=datetime.date(2019, 1, 1),
    )
    return general, named, own


def listed(client, **query):
    response = client.get(reverse("grids:findings"), query)
    assert response.status_code == 200
    return {f.text for f in response.context["page"].object_list}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("team", {"Plus de prescriptions vers le PLIE", "Nous avons enfin un local", "Pas de local disponible"}),
        ("evaluator", {"Plus de prescriptions vers le PLIE", "Nous avons enfin un local", "Pas de local disponible"}),
        ("innovator", {"Plus de prescriptions vers le PLIE", "Nous avons enfin un local", "Pas de local disponible"}),
        ("member", {"Plus de prescriptions vers le PLIE", "Pas de local disponible"}),
        ("funder", {"Plus de prescriptions vers le PLIE"}),
    ],
)
def test_who_reads_which_finding(client, findings, personas, role, expected):
    client.force_login(personas[role])
    assert listed(client) == expected


def test_search_by_words_innovation_phase_nature_and_theme(client, findings, personas):
    client.force_login(personas["team"])
    assert listed(client, q="local") == {"Nous avons enfin un local", "Pas de local disponible"}
    assert listed(client, q="directrice") == {"Nous avons enfin un local"}  # the attribution
    assert listed(client, q="local enfin") == {"Nous avons enfin un local"}  # every word
    assert listed(client, innovation="ALPHA", phase="1") == {"Plus de prescriptions vers le PLIE"}
    assert listed(client, nature="difficulty") == {"Pas de local disponible"}
    assert listed(client, theme="LIEU") == {"Nous avons enfin un local", "Pas de local disponible"}
    assert listed(client, innovation="BETA") == set()


def test_the_team_writes_a_finding(client, world, personas):
    client.force_login(personas["evaluator"])
    assert client.get(reverse("grids:finding_new") + "?innovation=ALPHA&phase=2").status_code == 200
    data = {
        "innovation": world.innovation.pk,
        "phase": "2",
        "structure": world.own.structure.pk,
        "kind": "quote",
        "theme": "confiance",
        "text": "  J'ai retrouvé confiance.  ",
        "attribution": "Une personne accompagnée",
        "observed_on": "2019-02-01",
    }
    response = client.post(reverse("grids:finding_new"), data)
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.text == "J'ai retrouvé confiance." and finding.recorded_by == personas["evaluator"]
    assert finding.history.get().history_user == personas["evaluator"]
    data["text"] = "J'ai retrouvé confiance en moi."
    assert client.post(reverse("grids:finding_edit", args=[finding.pk]), data).status_code == 302
    assert finding.history.count() == 2


def test_a_finding_on_a_structure_that_did_not_adopt_is_refused(client, world, personas):
    client.force_login(personas["team"])
    data = {
        "innovation": world.innovation.pk,
        "structure": world.foreign.structure.pk,
        "kind": "effect",
        "text": "Effet",
        "observed_on": "2019-02-01",
    }
    response = client.post(reverse("grids:finding_new"), data)
    assert response.status_code == 400
    assert "Cette structure n&#x27;a pas adopté cette innovation." in response.content.decode()
    data.update(structure="", text="x" * 2001)
    response = client.post(reverse("grids:finding_new"), data)
    assert response.status_code == 400
    assert Finding.objects.count() == 0


@pytest.mark.parametrize("role", ["innovator", "member", "funder"])
def test_only_the_team_and_evaluators_write_findings(client, findings, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("grids:finding_new")).status_code == 403
    assert client.get(reverse("grids:finding_edit", args=[findings[0].pk])).status_code == 403


def test_the_innovation_report_shows_findings_by_role_and_as_of(client, findings, personas):
    url = reverse("reports:innovation", args=["ALPHA"])
    client.force_login(personas["team"])
    page = client.get(url + "?au=2019-06-30").content.decode()
    assert "Constats de l&#x27;évaluation embarquée" in page or "Constats de l'évaluation embarquée" in page
    assert "Nous avons enfin un local" in page and "Autre structure" in page
    page = client.get(url + "?au=2018-06-30").content.decode()
    assert "Plus de prescriptions vers le PLIE" in page and "Nous avons enfin un local" not in page  # as of the date
    client.force_login(personas["funder"])
    page = client.get(url + "?au=2019-06-30").content.decode()
    assert "Plus de prescriptions vers le PLIE" in page
    assert "Nous avons enfin un local" not in page and "Pas de local disponible" not in page
    assert "2 autres constats concernent une structure nommée" in page


def test_the_pdf_report_never_names_a_structure_in_its_findings(findings):
    from django.template.loader import render_to_string

    report, context = render.innovation_context(findings[0].innovation, datetime.date(2019, 6, 30), render.no_progress)
    html = render_to_string("reports/pdf/innovation.html", {"report": report, **context})
    assert "Plus de prescriptions vers le PLIE" in html
    assert "Nous avons enfin un local" not in html and "Pas de local disponible" not in html
    assert 'href="#constats"' in html
