"""Person-level writes: who entered each record, the history of its changes (who, when, before,
after), the access journal's writes, and an erasure that leaves nothing of the person behind."""

import datetime
import html
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from essaim.followup.correction_views import signature
from essaim.followup.enums import Action, Category, Kind, SubType
from essaim.followup.models import AccessLog, Beneficiary, Enrolment, Situation
from essaim.followup.pseudonym import pseudonym
from tests.factories import AdoptionFactory
from tests.followup.helpers import person

PERSON = {
    "entered_on": "2018-01-15",
    "arm": "innovation",
    "sex": "F",
    "birth_year": "1990",
    "age_band": "",
    "duration_band": "3y_plus",
    "subtype": "ongoing",
}
HISTORIES = (Beneficiary.history, Enrolment.history, Situation.history)


def add(client, structure, innovation, reference="DOSSIER-0001"):
    url = reverse("followup:person_create", args=[structure.pk])
    return client.post(url, {**PERSON, "innovation": innovation.pk, "reference": reference})


def correct(client, situation, **fields):
    situation.refresh_from_db()
    data = {
        "milestone": situation.milestone,
        "on": "",
        "subtype": situation.subtype,
        "contract_months": situation.contract_months or "",
        "avant": signature(situation),
        **fields,
    }
    url = reverse("followup:situation_change", args=[situation.enrolment.beneficiary_id, situation.pk])
    return client.post(url, data)


def journal(**filters):
    return list(AccessLog.objects.filter(**filters).order_by("pk").values_list("kind", "action", "user_id"))


def history_rows():
    return sum(history.count() for history in HISTORIES)


def test_records_created_through_the_pages_say_who_entered_them_and_cost_no_history(client, world, personas):
    member = personas["member"]
    other = AdoptionFactory(innovation=world.unrelated, structure=world.own.structure)
    client.force_login(member)
    assert add(client, world.own.structure, world.innovation).status_code == 302
    assert add(client, world.own.structure, other.innovation).status_code == 302  # same person, new entry
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.created_by == member
    assert {e.created_by for e in Enrolment.objects.all()} == {member}
    assert {s.recorded_by for s in Situation.objects.all()} == {member}
    enrolment = Enrolment.objects.get(innovation=world.innovation)
    url = reverse("followup:situation_add", args=[beneficiary.pk])
    added = client.post(url, {"enrolment": enrolment.pk, "milestone": "m6", "subtype": "cdi"})
    assert added.status_code == 302
    assert Situation.objects.get(milestone="m6").recorded_by == member
    # Entered and never changed: the records are their own history (core/first_change.py).
    assert history_rows() == 0
    assert journal(kind=Kind.CREATE) == [
        (Kind.CREATE, Action.CREATE_PERSON, member.pk),
        (Kind.CREATE, Action.ADD_ENROLMENT, member.pk),
        (Kind.CREATE, Action.ADD_SITUATION, member.pk),
    ]
    assert AccessLog.objects.filter(kind=Kind.CREATE, beneficiary_id=beneficiary.pk).count() == 3


def test_a_correction_keeps_who_when_before_and_after(client, world, personas):
    member, team = personas["member"], personas["team"]
    client.force_login(member)
    add(client, world.own.structure, world.innovation)
    beneficiary = Beneficiary.objects.get()
    enrolment = beneficiary.enrolments.get()
    client.post(
        reverse("followup:situation_add", args=[beneficiary.pk]),
        {"enrolment": enrolment.pk, "milestone": "m6", "subtype": "cdd", "contract_months": "3"},
    )
    situation = Situation.objects.get(milestone="m6")
    recorded_at = situation.recorded_at
    client.force_login(team)
    page = client.get(reverse("followup:situation_change", args=[beneficiary.pk, situation.pk]))
    assert page.status_code == 200 and "Corriger la situation du 15/07/2018" in page.content.decode()
    before = timezone.now()
    response = correct(client, situation, subtype="cdi", contract_months="")
    assert response.status_code == 302 and response.url == reverse("followup:person", args=[beneficiary.pk])
    situation.refresh_from_db()
    assert (situation.subtype, situation.contract_months, situation.category) == ("cdi", None, Category.DURABLE)
    enrolment.refresh_from_db()
    assert enrolment.outcome_6 == Category.DURABLE  # the outcome columns follow
    # The history: the situation as it was entered (by the member, when entered), then the change.
    first, change = situation.history.order_by("history_date", "history_id")
    assert (first.history_type, first.history_user, first.history_date) == ("+", member, recorded_at)
    assert (first.subtype, first.contract_months, first.category) == ("cdd", 3, Category.TRANSITION)
    assert (change.history_type, change.history_user) == ("~", team) and change.history_date >= before
    assert (change.subtype, change.contract_months, change.category) == ("cdi", None, Category.DURABLE)
    # Computed columns are not history: the entry and the person have none.
    assert not Enrolment.history.exists() and not Beneficiary.history.exists()
    assert journal(kind=Kind.CHANGE) == [(Kind.CHANGE, Action.CHANGE_SITUATION, team.pk)]
    # The person's file shows it.
    text = html.unescape(client.get(reverse("followup:person", args=[beneficiary.pk])).content.decode())
    assert "Modifications" in text
    row = f"<td>{str(team)}</td><td>Situation du 15/07/2018 : situation</td><td>CDD</td><td>CDI</td>"
    assert row in text
    assert "<td>Situation du 15/07/2018 : durée du contrat (mois)</td><td>3</td><td>—</td>" in text


def test_a_correction_follows_the_rules_and_refuses_a_stale_form(client, world, personas):
    enrolment = person(world.own.structure, world.innovation, situations=[(6, SubType.CDD, 3)])
    situation = enrolment.situations.get(milestone="m6")
    client.force_login(personas["member"])
    refused = correct(client, situation, subtype="cdd", contract_months="")
    assert refused.status_code == 400 and "durée du contrat requise" in refused.content.decode().lower()
    withdrawal_at_entry = correct(client, enrolment.situations.get(milestone="entry"), subtype="illness")
    assert withdrawal_at_entry.status_code == 400
    unchanged = correct(client, situation)
    assert unchanged.status_code == 302
    stale = correct(client, situation, subtype="cdi", contract_months="", avant="cdd|m6|9|")
    assert stale.status_code == 400 and "modifiée entre-temps" in html.unescape(stale.content.decode())
    situation.refresh_from_db()
    assert situation.subtype == "cdd" and situation.contract_months == 3
    assert history_rows() == 0 and not AccessLog.objects.filter(kind=Kind.CHANGE).exists()


def test_a_situation_of_another_person_is_not_found(client, world, personas):
    mine = person(world.own.structure, world.innovation)
    theirs = person(world.own.structure, world.innovation)
    client.force_login(personas["member"])
    url = reverse("followup:situation_change", args=[mine.beneficiary_id, theirs.situations.get().pk])
    assert client.get(url).status_code == 404


PEOPLE = (
    "reference,innovation,entered_on,sex,birth_year,age_band,duration_band,neet,sheltered,rqth,qpv,rsa,group\n"
    "MARTIN-PAUL-42,ALPHA,2018-01-15,{sex},1980,,3y_plus,non,oui,non,non,oui,\n"
)
SITUATIONS = "reference,innovation,date,milestone,subtype,contract_months\nMARTIN-PAUL-42,ALPHA,,m6,{subtype},\n"


def upload(client, world, name, content):
    structure = world.own.structure.pk
    checked = client.post(reverse("followup:upload", args=[structure]), {"fichier": SimpleUploadedFile(name, content)})
    assert not checked.context["upload"].errors, checked.context["upload"].errors
    return client.post(reverse("followup:upload_confirm", args=[structure]), {"jeton": checked.context["token"]})


def test_an_import_signs_what_it_creates_and_keeps_the_history_of_what_it_changes(client, world, personas):
    member, team = personas["member"], personas["team"]
    client.force_login(member)
    upload(client, world, "personnes.csv", PEOPLE.format(sex="H").encode())
    upload(client, world, "situations.csv", SITUATIONS.format(subtype="unemployment").encode())
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.created_by == member and beneficiary.enrolments.get().created_by == member
    assert {s.recorded_by for s in Situation.objects.all()} == {member}
    assert history_rows() == 0
    client.force_login(team)
    upload(client, world, "personnes.csv", PEOPLE.format(sex="F").encode())
    upload(client, world, "situations.csv", SITUATIONS.format(subtype="cdi").encode())
    first, change = Beneficiary.history.order_by("history_id")
    assert (first.history_type, first.history_user, first.sex) == ("+", member, "H")
    assert (change.history_type, change.history_user, change.sex) == ("~", team, "F")
    first, change = Situation.history.order_by("history_id")
    assert (first.history_user, first.subtype, change.history_user, change.subtype) == (
        member,
        "unemployment",
        team,
        "cdi",
    )
    assert not Enrolment.history.exists()  # its fields did not change
    assert (
        journal(kind=Kind.IMPORT)
        == [(Kind.IMPORT, Action.IMPORT, member.pk)] * 2 + [(Kind.IMPORT, Action.IMPORT, team.pk)] * 2
    )


def test_the_journal_lists_reads_and_writes_and_filters_them_by_kind(client, world, personas):
    enrolment = person(world.own.structure, world.innovation, situations=[(6, SubType.CDD, 3)])
    client.force_login(personas["member"])
    client.get(reverse("followup:person", args=[enrolment.beneficiary_id]))
    add(client, world.own.structure, world.innovation)
    correct(client, enrolment.situations.get(milestone="m6"), subtype="cdi", contract_months="")
    client.post(reverse("followup:person_erase", args=[enrolment.beneficiary_id]))
    client.force_login(personas["team"])
    url = reverse("followup:access_log")
    text = html.unescape(client.get(url).content.decode())
    for words in ("Lecture", "Création", "Modification", "Effacement", "Correction d'une situation"):
        assert f"<td>{words}" in text, words
    changes = client.get(url, {"nature": "change"})
    assert [e.action for e, _, _ in changes.context["rows"]] == [Action.CHANGE_SITUATION]
    assert len(client.get(url, {"nature": "nimporte"}).context["rows"]) == AccessLog.objects.count()


def personal_rows(pseudonym_value, ids):
    """History rows, in SQL, naming the person's pseudonym or one of the person's record ids."""
    found = 0
    with connection.cursor() as cursor:
        for history, column, values in (
            (Beneficiary.history, "pseudonym", [pseudonym_value]),
            (Beneficiary.history, "id", ids["people"]),
            (Enrolment.history, "beneficiary_id", ids["people"]),
            (Enrolment.history, "id", ids["entries"]),
            (Situation.history, "enrolment_id", ids["entries"]),
            (Situation.history, "id", ids["situations"]),
        ):
            table = connection.ops.quote_name(history.model._meta.db_table)
            for value in values:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {connection.ops.quote_name(column)} = %s", [value])
                found += cursor.fetchone()[0]
    return found


def changed_person(client, world, personas, reference):
    """A person entered by file, then changed by file and by a correction: history rows of every kind."""
    people = PEOPLE.replace("MARTIN-PAUL-42", reference)
    situations = SITUATIONS.replace("MARTIN-PAUL-42", reference)
    client.force_login(personas["member"])
    upload(client, world, "personnes.csv", people.format(sex="H").encode())
    upload(client, world, "situations.csv", situations.format(subtype="unemployment").encode())
    upload(client, world, "personnes.csv", people.format(sex="F").encode())
    beneficiary = Beneficiary.objects.get(pseudonym=pseudonym(world.own.structure.pk, reference))
    enrolment = beneficiary.enrolments.get()
    Enrolment.objects.filter(pk=enrolment.pk).update(rsa=False)  # so that the file changes the entry too
    upload(client, world, "personnes.csv", people.format(sex="F").encode())
    correct(client, enrolment.situations.get(milestone="m6"), subtype="cdi")
    ids = {
        "people": [beneficiary.pk],
        "entries": [enrolment.pk],
        "situations": list(enrolment.situations.values_list("pk", flat=True)),
    }
    assert Beneficiary.history.filter(id=beneficiary.pk).count() == 2
    assert Enrolment.history.filter(id=enrolment.pk).count() == 2
    assert Situation.history.filter(enrolment_id=enrolment.pk).count() == 2
    assert personal_rows(beneficiary.pseudonym, ids) == 12
    return beneficiary, ids


def test_erasure_leaves_no_personal_field_in_the_history(client, world, personas):
    erased, ids = changed_person(client, world, personas, "ERASED-1")
    kept, _ = changed_person(client, world, personas, "KEPT-2")
    kept_rows = history_rows()
    client.force_login(personas["member"])
    assert client.post(reverse("followup:person_erase", args=[erased.pk])).status_code == 302
    assert personal_rows(erased.pseudonym, ids) == 0
    assert history_rows() == kept_rows - 6  # the other person's history is whole
    assert not Beneficiary.objects.filter(pk=erased.pk).exists()
    assert not Situation.objects.filter(enrolment_id__in=ids["entries"]).exists()
    # Who erased whom and when: the journal, without any personal field.
    entry = AccessLog.objects.get(kind=Kind.ERASE)
    assert (entry.action, entry.user_id, entry.beneficiary_id) == (Action.ERASE, personas["member"].pk, erased.pk)
    assert entry.structure_id == world.own.structure.pk and entry.at <= timezone.now()


def test_erasure_by_command_and_purge_leave_no_history(client, world, personas):
    erased, ids = changed_person(client, world, personas, "DOSSIER 9")
    old, old_ids = changed_person(client, world, personas, "OLD-1")
    Enrolment.objects.filter(pk__in=old_ids["entries"]).update(last_seen_on=datetime.date(2015, 1, 1))
    import sys

    stdin, sys.stdin = sys.stdin, io.StringIO("dossier 9\n")
    try:
        call_command("followup_person", "erase", structure=world.own.structure.key, wet_run=True, stdout=io.StringIO())
    finally:
        sys.stdin = stdin
    assert personal_rows(erased.pseudonym, ids) == 0
    call_command("purge_followup", wet_run=True, stdout=io.StringIO())
    assert personal_rows(old.pseudonym, old_ids) == 0
    assert history_rows() == 0 and not Beneficiary.objects.exists()
    assert journal(kind=Kind.ERASE) == [(Kind.ERASE, Action.ERASE, None), (Kind.ERASE, Action.PURGE, None)]
