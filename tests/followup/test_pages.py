"""Person-level pages: who sees whom, entry by form, find, export, erase, the access log."""

import datetime
import html
import json

from django.urls import reverse

from essaim.followup.enums import Action, Category, SubType
from essaim.followup.models import AccessLog, Beneficiary, Enrolment, Situation
from essaim.followup.pseudonym import pseudonym
from tests.followup.helpers import person

PERSON = {
    "innovation": None,
    "entered_on": "2018-01-15",
    "arm": "innovation",
    "sex": "F",
    "birth_year": "1990",
    "age_band": "",
    "duration_band": "3y_plus",
    "rsa": "on",
    "subtype": "ongoing",
}


def add(client, world, reference="DOSSIER-0001", **fields):
    data = {**PERSON, "innovation": world.innovation.pk, "reference": reference, **fields}
    return client.post(reverse("followup:person_create", args=[world.own.structure.pk]), data)


def test_a_member_enters_a_person_by_form(client, world, personas):
    client.force_login(personas["member"])
    response = add(client, world)
    assert response.status_code == 302
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.pseudonym == pseudonym(world.own.structure.pk, "dossier-0001")
    enrolment = Enrolment.objects.get()
    assert enrolment.age_band == "25_49" and enrolment.rsa and enrolment.outcome_0 == Category.ONGOING
    # Same reference, same structure, same innovation: refused, and the reference is not shown.
    again = add(client, world, reference="  dossier-0001 ")
    assert again.status_code == 400
    assert "déjà entrée" in html.unescape(again.content.decode())
    assert "DOSSIER-0001" not in again.content.decode().upper()


def test_a_bad_entry_says_why_and_writes_nothing(client, world, personas):
    client.force_login(personas["member"])
    response = add(client, world, birth_year="", age_band="", subtype="cdd")
    assert response.status_code == 400
    text = response.content.decode()
    assert "année de naissance ou la tranche" in html.unescape(text)
    assert not Beneficiary.objects.exists()


def test_a_situation_is_added_with_its_rules(client, world, personas):
    enrolment = person(world.own.structure, world.innovation)
    client.force_login(personas["member"])
    url = reverse("followup:situation_add", args=[enrolment.beneficiary_id])
    refused = client.post(url, {"enrolment": enrolment.pk, "milestone": "m6", "subtype": "cdd"})
    assert refused.status_code == 400 and "durée du contrat requise" in refused.content.decode().lower()
    ok = client.post(url, {"enrolment": enrolment.pk, "milestone": "m6", "subtype": "cdd", "contract_months": "8"})
    assert ok.status_code == 302
    situation = Situation.objects.get(milestone="m6")
    assert situation.on == datetime.date(2018, 7, 15) and situation.category == Category.DURABLE
    enrolment.refresh_from_db()
    assert enrolment.outcome_6 == Category.DURABLE and enrolment.first_job_on == situation.on


def test_a_member_never_sees_another_structures_people(client, world, personas):
    mine = person(world.own.structure, world.innovation)
    theirs = person(world.other.structure, world.innovation)
    client.force_login(personas["member"])
    assert client.get(reverse("followup:person", args=[mine.beneficiary_id])).status_code == 200
    for name, pk in [
        ("person", theirs.beneficiary_id),
        ("person_export", theirs.beneficiary_id),
        ("person_erase", theirs.beneficiary_id),
    ]:
        assert client.get(reverse(f"followup:{name}", args=[pk])).status_code == 404
    for name in ("people", "people_export", "upload", "template", "person_create"):
        assert client.get(reverse(f"followup:{name}", args=[world.other.structure.pk])).status_code == 404
    page = client.get(reverse("followup:people", args=[world.own.structure.pk])).content.decode()
    assert mine.beneficiary.alias in page and theirs.beneficiary.alias not in page
    # Nor by their reference: the pseudonym is per structure.
    found = client.post(reverse("followup:find", args=[world.own.structure.pk]), {"reference": "REF-unknown"})
    assert found.status_code == 302 and found.url == reverse("followup:people", args=[world.own.structure.pk])


def test_a_funder_never_sees_a_person(client, world, personas):
    enrolment = person(world.own.structure, world.innovation)
    client.force_login(personas["funder"])
    for name, pk in [("person", enrolment.beneficiary_id), ("people", world.own.structure.pk)]:
        assert client.get(reverse(f"followup:{name}", args=[pk])).status_code == 403
    for name in ("outcomes", "outcomes_api", "bridge", "home"):
        text = client.get(reverse(f"followup:{name}")).content.decode()
        assert enrolment.beneficiary.pseudonym[:10] not in text
    assert client.get(reverse("followup:outcomes") + f"?structure={world.own.structure.pk}").status_code == 404


def test_find_by_reference_goes_to_the_person(client, world, personas):
    enrolment = person(world.own.structure, world.innovation, reference="AB 12")
    client.force_login(personas["member"])
    response = client.post(reverse("followup:find", args=[world.own.structure.pk]), {"reference": "ab  12"})
    assert response.status_code == 302 and response.url == reverse("followup:person", args=[enrolment.beneficiary_id])
    entry = AccessLog.objects.filter(action=Action.FIND).get()
    assert entry.beneficiary_id == enrolment.beneficiary_id and entry.user_id == personas["member"].pk


def test_export_and_erase_on_request(client, world, personas):
    enrolment = person(world.own.structure, world.innovation, situations=[(6, SubType.CDI)])
    client.force_login(personas["member"])
    exported = client.get(reverse("followup:person_export", args=[enrolment.beneficiary_id]))
    data = json.loads(exported.content)
    assert data["pseudonyme"] == enrolment.beneficiary.pseudonym
    assert [s["categorie"] for s in data["entrees"][0]["situations"]] == ["En parcours", "Emploi durable"]
    assert client.get(reverse("followup:person_erase", args=[enrolment.beneficiary_id])).status_code == 200
    erased = client.post(reverse("followup:person_erase", args=[enrolment.beneficiary_id]))
    assert erased.status_code == 302
    assert not Beneficiary.objects.exists() and not Situation.objects.exists()
    assert AccessLog.objects.filter(action=Action.ERASE, beneficiary_id=enrolment.beneficiary_id).exists()


def test_every_read_of_person_level_data_is_logged(client, world, personas):
    enrolment = person(world.own.structure, world.innovation)
    client.force_login(personas["team"])
    client.get(reverse("followup:people", args=[world.own.structure.pk]))
    client.get(reverse("followup:person", args=[enrolment.beneficiary_id]))
    client.get(reverse("followup:person_export", args=[enrolment.beneficiary_id]))
    client.get(reverse("followup:people_export", args=[world.own.structure.pk]))
    actions = list(AccessLog.objects.order_by("at", "pk").values_list("action", "count", "beneficiary_id"))
    assert actions == [
        (Action.LIST, 1, None),
        (Action.DETAIL, 1, enrolment.beneficiary_id),
        (Action.EXPORT_PERSON, 1, enrolment.beneficiary_id),
        (Action.EXPORT_LIST, 1, None),
    ]
    # Aggregates are not person-level reads.
    client.get(reverse("followup:outcomes"))
    assert AccessLog.objects.count() == 4
    page = html.unescape(client.get(reverse("followup:access_log")).content.decode())
    assert "Fiche d'une personne" in page


def test_the_outcomes_page_reads_bad_parameters_without_crashing(client, world, personas):
    client.force_login(personas["funder"])
    response = client.get(
        reverse("followup:outcomes"), {"au": "2019-02-30", "ventilation": "nimporte", "innovation": "ZZZ"}
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "n'est pas valide" in text and "Ventilation inconnue" in text and "Innovation inconnue" in text
    structure = client.get(reverse("followup:outcomes"), {"ventilation": "structure", "innovation": "ALPHA"})
    assert "réservée" in html.unescape(structure.content.decode())
