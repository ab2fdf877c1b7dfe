"""No reference in clear anywhere: database (every table), SQL sent to it, logs, waiting files,
exports and pages — after entering people by form, by file and finding them by reference."""

import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

REFERENCES = ["JEANNE-DUPONT-1985", "MARTIN-PAUL-1942", "ZOE-DURAND-2001"]


def every_value_in_the_database():
    text = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text.extend(str(v) for v in row)
    return "\n".join(text).upper()


def xlsx_text(content):
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)


def test_no_reference_in_clear_anywhere(client, world, personas, caplog, waiting_files):
    caplog.set_level(logging.DEBUG)
    client.force_login(personas["member"])
    structure = world.own.structure
    seen = []
    with CaptureQueriesContext(connection) as queries:
        seen.append(
            client.post(
                reverse("followup:person_create", args=[structure.pk]),
                {
                    "reference": REFERENCES[0].lower(),
                    "innovation": world.innovation.pk,
                    "entered_on": "2018-01-15",
                    "arm": "innovation",
                    "sex": "F",
                    "age_band": "25_49",
                    "duration_band": "1_2y",
                    "subtype": "ongoing",
                },
            )
        )
        people = (
            "reference,innovation,entered_on,sex,birth_year,age_band,duration_band\n"
            f"{REFERENCES[1]},ALPHA,2018-01-15,H,1980,,3y_plus\n{REFERENCES[2]},ALPHA,2018-03-01,F,,under_25,unknown\n"
        )
        checked = client.post(
            reverse("followup:upload", args=[structure.pk]), {"fichier": SimpleUploadedFile("p.csv", people.encode())}
        )
        seen.append(checked)
        waiting = "\n".join(p.read_text(errors="replace") for p in waiting_files.rglob("*") if p.is_file())
        seen.append(
            client.post(reverse("followup:upload_confirm", args=[structure.pk]), {"jeton": checked.context["token"]})
        )
        situations = f"reference,innovation,date,milestone,subtype,contract_months\n{REFERENCES[1]},ALPHA,,m6,cdi,\n"
        checked = client.post(
            reverse("followup:upload", args=[structure.pk]),
            {"fichier": SimpleUploadedFile("s.csv", situations.encode())},
        )
        client.post(reverse("followup:upload_confirm", args=[structure.pk]), {"jeton": checked.context["token"]})
        seen.append(
            client.post(reverse("followup:find", args=[structure.pk]), {"reference": REFERENCES[2]}, follow=True)
        )
        person = seen[-1].context["person"]
        exports = [
            client.get(reverse("followup:person_export", args=[person.pk])).content.decode(),
            client.get(reverse("followup:people_export", args=[structure.pk])).content.decode(),
            client.get(reverse("followup:outcomes_api")).content.decode(),
            client.get(reverse("followup:outcomes_export") + "?format=csv").content.decode(),
            xlsx_text(client.get(reverse("followup:outcomes_export")).content),
        ]
        pages = [
            client.get(reverse("followup:people", args=[structure.pk])).content.decode(),
            client.get(reverse("followup:person", args=[person.pk])).content.decode(),
        ]
    from essaim.followup.models import Beneficiary

    assert Beneficiary.objects.count() == 3
    database = every_value_in_the_database()
    sql = "\n".join(q["sql"] for q in queries.captured_queries).upper()
    logs = "\n".join(r.getMessage() for r in caplog.records).upper()
    found = "\n".join([waiting, *exports, *pages, *(r.content.decode() for r in seen)]).upper()
    for reference in REFERENCES:
        assert reference not in database, "database"
        assert reference not in sql, "SQL"
        assert reference not in logs, "logs"
        assert reference not in waiting.upper(), "waiting file"
        assert reference not in found, "exports or pages"
