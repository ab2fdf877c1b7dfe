"""activities.csv, attendance.csv and events.csv: read through the import framework, every
error located, all or nothing, and the round trip kept (test_round_trip.py)."""

import datetime

from essaim.activities.models import Activity, Attendance, Event
from essaim.bundle.exporter import export_bundle
from tests.bundle.helpers import counts, located, run, write_bundle

ACTIVITIES = (
    "key,innovation,kind,title,module,starts_on,ends_on,duration_days,place,departement,date_note,source,description\n"
    "alpha-module-1,ALPHA,formation_action,Formation-action Alpha,Modules 1 et 2,2018-05-14,2018-05-15,2,Lyon,69,,,\n"
    'programme-journee-2018,,national_day,Journée nationale,,2018-10-16,,"0,5",Paris,75,,,\n'
)
ATTENDANCE = (
    "activity,structure,professionals,note\n"
    "alpha-module-1,aci-grenoble,2,\n"
    "alpha-module-1,chrs-lyon,,effectif non communiqué\n"
)
EVENTS = (
    "key,innovation,organiser,title,starts_on,ends_on,place,departement,job_seekers,long_term_unemployed,women,men,"
    "companies,companies_industry,companies_retail,companies_consulting,companies_other_sector,companies_tpe,"
    "companies_pme,companies_eti,companies_large,public_partners,structures_reached,date_note,source,notes\n"
    "rallye-alpha-2018,ALPHA,aci-grenoble,Rallye Alpha,2018-11-06,2018-11-07,Grenoble,38,"
    "16,11,14,2,9,4,2,3,,4,4,1,,4,24,,,\n"
)


def pipeline_bundle(tmp_path, **replaced):
    files = {"activities": ACTIVITIES, "attendance": ATTENDANCE, "events": EVENTS} | replaced
    return write_bundle(tmp_path, **files)


def test_the_three_files_are_imported_with_the_rest_of_the_bundle(tmp_path, db):
    result = run(pipeline_bundle(tmp_path))
    assert result.ok, result.errors
    module = Activity.objects.get(key="alpha-module-1")
    assert module.innovation.code == "ALPHA" and module.duration_days == 2 and module.departement_id == "69"
    national = Activity.objects.get(key="programme-journee-2018")
    assert national.innovation is None and str(national.duration_days) == "0.5"
    assert sorted(Attendance.objects.values_list("structure__key", "professionals")) == [
        ("aci-grenoble", 2),
        ("chrs-lyon", None),
    ]
    rally = Event.objects.get()
    assert (rally.job_seekers, rally.women, rally.companies_eti, rally.companies_large) == (16, 14, 1, None)
    assert rally.organiser.key == "aci-grenoble" and rally.ends_on == datetime.date(2018, 11, 7)


def test_importing_again_changes_nothing_and_the_export_reads_back(tmp_path, db):
    assert run(pipeline_bundle(tmp_path)).ok
    before = counts(), Activity.objects.count(), Attendance.objects.count(), Event.objects.count()
    out = tmp_path / "out"
    export_bundle(out)
    result = run(out)
    assert result.ok and not result.plan.changed, [str(c) for c in result.plan.changes]
    assert before == (counts(), Activity.objects.count(), Attendance.objects.count(), Event.objects.count())
    assert (out / "activities.csv").read_text().splitlines()[1].startswith("alpha-module-1,ALPHA,formation_action,")
    assert ",0.5,Paris,75," in (out / "activities.csv").read_text()


def test_a_changed_row_is_planned_and_written(tmp_path, db):
    assert run(pipeline_bundle(tmp_path)).ok
    changed = ATTENDANCE.replace("alpha-module-1,aci-grenoble,2,", "alpha-module-1,aci-grenoble,3,")
    result = run(pipeline_bundle(tmp_path, attendance=changed), dry_run=True)
    assert result.plan.summary("attendance.csv") == "0 nouveau, 1 modifié, 1 inchangé"
    assert Attendance.objects.get(structure__key="aci-grenoble").professionals == 2
    assert run(pipeline_bundle(tmp_path, attendance=changed)).ok
    assert Attendance.objects.get(structure__key="aci-grenoble").professionals == 3


def test_bad_rows_are_located_in_french_and_nothing_is_written(tmp_path, db):
    activities = ACTIVITIES.replace("2018-05-14,2018-05-15", "2018-05-14,2018-05-01").replace("national_day", "fete")
    attendance = ATTENDANCE.replace("alpha-module-1,chrs-lyon,,", "alpha-module-9,chrs-lyon,-1,")
    events = EVENTS.replace(",16,11,14,2,", ",16,11,15,2,").replace("rallye-alpha-2018", "Rallye Alpha")
    before = counts()
    result = run(pipeline_bundle(tmp_path, activities=activities, attendance=attendance, events=events))
    assert not result.written
    assert located(result) == [
        ("activities.csv", 2, "ends_on", "La fin de l'activité ne peut pas précéder son début."),
        (
            "activities.csv",
            3,
            "kind",
            "type d'activité inconnu « fete » (codes possibles : awareness, formation_action, regional_training, "
            "national_day, site_visit, support, working_group).",
        ),
        (
            "attendance.csv",
            3,
            "activity",
            "activité inconnue « alpha-module-9 » (ni en base, ni dans activities.csv)",
        ),
        ("attendance.csv", 3, "professionals", "« -1 » est négatif : un effectif ne peut pas l'être."),
        (
            "events.csv",
            2,
            "key",
            "identifiant « Rallye Alpha » invalide : minuscules sans accent, chiffres et tirets, 80 caractères au "
            "plus (par exemple « lref-formation-action-module-5 »).",
        ),
    ]
    assert counts() == before and not Activity.objects.exists() and not Event.objects.exists()


def test_an_event_with_inconsistent_figures_is_refused(tmp_path, db):
    events = EVENTS.replace(",16,11,14,2,", ",16,11,15,2,")
    result = run(pipeline_bundle(tmp_path, events=events))
    assert located(result) == [
        ("events.csv", 2, "men", "Femmes et hommes (17) : plus que les 16 participants."),
    ]
    assert not Event.objects.exists() and not Activity.objects.exists()


def test_an_unknown_source_is_an_error(tmp_path, db):
    activities = ACTIVITIES.replace("Lyon,69,,,", "Lyon,69,,document-inconnu,")
    result = run(pipeline_bundle(tmp_path, activities=activities))
    assert located(result)[0][:3] == ("activities.csv", 2, "source")
    assert "source inconnue « document-inconnu »" in located(result)[0][3]
