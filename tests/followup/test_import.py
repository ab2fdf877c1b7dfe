"""People and situations by file: the import framework's checks, dry run, all or nothing."""

import html
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from essaim.followup.enums import Category
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.followup.pseudonym import pseudonym

PEOPLE = (
    "reference,innovation,entered_on,sex,birth_year,age_band,duration_band,neet,sheltered,rqth,qpv,rsa,group\n"
    "MARTIN-PAUL-42,ALPHA,2018-01-15,H,1980,,3y_plus,non,oui,non,non,oui,\n"
    "DURAND-ZOE-7,ALPHA,2018-02-01,F,,under_25,under_1y,oui,non,non,oui,non,comparison\n"
)
SITUATIONS = (
    "reference,innovation,date,milestone,subtype,contract_months\n"
    "MARTIN-PAUL-42,ALPHA,,m6,cdd,3\n"
    "MARTIN-PAUL-42,ALPHA,,m12,cdi,\n"
)


def upload(client, world, name, content):
    url = reverse("followup:upload", args=[world.own.structure.pk])
    return client.post(url, {"fichier": SimpleUploadedFile(name, content)})


def confirm(client, world, response):
    token = response.context["token"]
    assert token
    return client.post(reverse("followup:upload_confirm", args=[world.own.structure.pk]), {"jeton": token})


def workbook(people, situations):
    book = Workbook()
    sheet = book.active
    sheet.title = "personnes"
    for line in people.strip().splitlines():
        sheet.append(line.split(","))
    other = book.create_sheet("situations")
    for line in situations.strip().splitlines():
        other.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_csv_people_then_situations_dry_run_then_confirm(client, world, personas):
    client.force_login(personas["member"])
    checked = upload(client, world, "personnes.csv", PEOPLE.encode())
    assert checked.status_code == 200 and not checked.context["upload"].errors
    assert not Beneficiary.objects.exists()  # a dry run writes nothing
    assert confirm(client, world, checked).status_code == 302
    assert Beneficiary.objects.count() == 2
    zoe = Enrolment.objects.get(beneficiary__pseudonym=pseudonym(world.own.structure.pk, "durand-zoe-7"))
    assert zoe.arm == "comparison" and zoe.neet and zoe.qpv and zoe.outcome_0 == Category.ONGOING
    checked = upload(client, world, "situations.csv", SITUATIONS.encode())
    assert not checked.context["upload"].errors
    confirm(client, world, checked)
    paul = Enrolment.objects.get(beneficiary__pseudonym=pseudonym(world.own.structure.pk, "MARTIN-PAUL-42"))
    assert (paul.outcome_6, paul.outcome_12, paul.age_band) == (Category.TRANSITION, Category.DURABLE, "25_49")
    assert Situation.objects.filter(enrolment=paul).count() == 3  # entry (made), 6 and 12 months
    # The same files again change nothing.
    again = upload(client, world, "situations.csv", SITUATIONS.encode())
    assert again.context["token"] is None


def test_xlsx_workbook_with_both_sheets(client, world, personas):
    client.force_login(personas["team"])
    checked = upload(client, world, "suivi.xlsx", workbook(PEOPLE, SITUATIONS))
    assert not checked.context["upload"].errors, checked.context["upload"].errors
    confirm(client, world, checked)
    assert Situation.objects.count() == 4  # two entries, two milestones


def test_errors_name_file_row_column_and_write_nothing(client, world, personas):
    client.force_login(personas["member"])
    bad = (
        PEOPLE
        + "X-1,BETA,2018-01-01,Q,,,3y_plus,peut-être,,,,,\n"
        + "MARTIN-PAUL-42,ALPHA,2018-01-15,H,1980,,3y_plus,,,,,,\n"
    )
    response = upload(client, world, "personnes.csv", bad.encode())
    errors = [(e.file, e.row, e.column) for e in response.context["upload"].errors]
    assert ("personnes.csv", 4, "innovation") in errors  # BETA not adopted by the structure
    assert ("personnes.csv", 4, "sex") in errors
    assert ("personnes.csv", 4, "neet") in errors
    assert ("personnes.csv", 5, "reference") in errors  # the same person and innovation twice
    text = html.unescape(response.content.decode())
    assert "rien n'a été enregistré" in text
    assert "MARTIN-PAUL-42" not in text and "X-1" not in text  # references never come back
    assert not Beneficiary.objects.exists()


def test_a_situation_breaking_a_rule_stops_everything(client, world, personas):
    client.force_login(personas["member"])
    situations = SITUATIONS + "MARTIN-PAUL-42,ALPHA,2017-01-01,other,cdi,\nINCONNU,ALPHA,2018-05-01,other,cdi,\n"
    response = upload(client, world, "suivi.xlsx", workbook(PEOPLE, situations))
    errors = {(e.row, e.column): e.message for e in response.context["upload"].errors}
    assert "précéder l'entrée" in errors[(4, "date")]
    assert "personne inconnue" in errors[(5, "reference")]
    assert all("feuille « situations »" in e.file for e in response.context["upload"].errors)
    assert not Beneficiary.objects.exists()


def test_a_file_that_is_not_a_table_is_refused(client, world, personas):
    client.force_login(personas["member"])
    response = upload(client, world, "notes.csv", b"nom,prenom\nDupont,Jean\n")
    message = response.context["upload"].errors[0].message
    assert "ni fichier de personnes" in message
    response = upload(client, world, "photo.xlsx", b"not a zip")
    assert "classeur Excel" in response.context["upload"].errors[0].message
    refused = upload(client, world, "suivi.ods", b"x")
    assert refused.status_code == 400


def test_the_template_lists_the_codes(client, world, personas):
    client.force_login(personas["member"])
    response = client.get(reverse("followup:template", args=[world.own.structure.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["personnes", "situations", "codes", "mode d'emploi"]
    assert [c.value for c in book["personnes"][1]] == [
        "référence",
        "innovation",
        "date d'entrée",
        "sexe",
        "année de naissance",
        "tranche d'âge",
        "ancienneté",
        "NEET",
        "hébergé",
        "RQTH",
        "QPV",
        "RSA",
        "groupe",
    ]
    codes = list(book["codes"].iter_rows(values_only=True))
    assert ("innovation", "ALPHA", "Alpha") in codes and ("tranche d'âge", "under_25", "Moins de 25 ans") in codes
    csv = client.get(reverse("followup:template", args=[world.own.structure.pk]) + "?fichier=situations")
    assert csv.content.decode() == "référence,innovation,date,échéance,situation,durée du contrat (mois)\n"


FRENCH_PEOPLE = (
    "référence,innovation,date d'entrée,sexe,année de naissance,tranche d'âge,ancienneté,NEET,hébergé,RQTH,QPV,RSA,"
    "groupe\n"
    "MARTIN-PAUL-42,ALPHA,2018-01-15,Homme,1980,,3 ans ou plus (DETLD),non,oui,non,non,oui,\n"
    "DURAND-ZOE-7,ALPHA,2018-02-01,F,,Moins de 25 ans,under_1y,oui,non,non,oui,non,Groupe de comparaison\n"
)
FRENCH_SITUATIONS = (
    "Référence;Innovation;Date;Échéance;Situation;Durée du contrat (mois)\n"
    "MARTIN-PAUL-42;ALPHA;;À 6 mois;cdd;3\n"
    "MARTIN-PAUL-42;ALPHA;;m12;cdi;\n"
)


def test_the_template_filled_in_french_imports_and_errors_name_its_columns(client, world, personas):
    client.force_login(personas["member"])
    checked = upload(client, world, "personnes.csv", FRENCH_PEOPLE.encode())
    assert not checked.context["upload"].errors
    confirm(client, world, checked)
    zoe = Enrolment.objects.get(beneficiary__pseudonym=pseudonym(world.own.structure.pk, "durand-zoe-7"))
    assert zoe.arm == "comparison" and zoe.neet and zoe.qpv
    checked = upload(client, world, "situations.csv", FRENCH_SITUATIONS.encode("cp1252"))
    assert not checked.context["upload"].errors
    confirm(client, world, checked)
    assert Situation.objects.filter(enrolment__beneficiary__pseudonym__isnull=False).count() >= 2
    wrong = FRENCH_PEOPLE.replace("2018-02-01", "le 1er février")
    errors = upload(client, world, "personnes.csv", wrong.encode()).context["upload"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "date d'entrée")]
    missing = upload(client, world, "personnes.csv", FRENCH_PEOPLE.replace("ancienneté,", "").encode())
    assert ("ancienneté", "colonne obligatoire absente de l'en-tête.") in [
        (e.column, e.message) for e in missing.context["upload"].errors
    ]


def test_a_confirmation_token_serves_once(client, world, personas):
    client.force_login(personas["member"])
    checked = upload(client, world, "personnes.csv", PEOPLE.encode())
    confirm(client, world, checked)
    second = client.post(
        reverse("followup:upload_confirm", args=[world.own.structure.pk]), {"jeton": checked.context["token"]}
    )
    assert second.status_code == 302 and Beneficiary.objects.count() == 2


def test_a_file_of_too_many_rows_is_refused_before_it_is_read(client, world, personas, settings):
    """The people upload is checked in the request, its file never kept for a worker: past
    ESSAIM_PEOPLE_UPLOAD_MAX_ROWS rows it is refused, counted before parsing, CSV and workbook."""
    settings.ESSAIM_PEOPLE_UPLOAD_MAX_ROWS = 10
    client.force_login(personas["member"])
    header, line = PEOPLE.strip().splitlines()[:2]
    many = "\n".join([header] + [line] * 11)
    for name, content in (("personnes.csv", many.encode()), ("suivi.xlsx", workbook(many, SITUATIONS))):
        refused = upload(client, world, name, content)
        errors = refused.context["upload"].errors
        assert [e.message for e in errors] == [
            "plus de 10 lignes, la limite d'un envoi de personnes suivies : découpez le fichier en plusieurs "
            "envois (par exemple par année d'entrée)."
        ]
        assert refused.context["token"] is None
    assert not Beneficiary.objects.exists()
    fits = "\n".join([header] + [line] * 10)
    assert upload(client, world, "personnes.csv", fits.encode()).context["upload"].errors != errors
