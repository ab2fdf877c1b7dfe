"""The pipeline of the reference programme (data/pipeline.toml): the calls the seeds describe,
feasibility studies at their dates, the LREF 2018 calendar, the Parcours Gardien regional
trainings, the MIFE 74 rally and the 2019 rally calendar; loaded idempotently, errors located."""

import datetime
import shutil
from collections import Counter

import pytest

from essaim.activities.figures import professionals_trained
from essaim.activities.models import Activity, Application, Attendance, Charter, Event, StructureCall, Tool
from essaim.calls.models import Call, Candidate, FeasibilityStudy
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from essaim.reference.loader import PIPELINE_FILE, ReferenceDataError
from essaim.swarming.models import Adoption, StatusChange

D = datetime.date


@pytest.fixture
def loaded(db):
    return load_reference_data()


def test_the_calls_and_their_selected_candidates(loaded):
    selected = {
        c.call.year: sorted(x.innovation.code for x in c.call.candidates.filter(outcome="selected"))
        for c in Candidate.objects.select_related("call")
    }
    assert selected == {2016: ["TAPAJ"], 2017: ["JEUNESS", "LREF", "RALLYES"], 2018: ["ACOR"]}
    assert all(c.status == "closed" and c.criteria.count() == 3 for c in Call.objects.all())
    rallyes = Candidate.objects.get(innovation__code="RALLYES")
    assert "second appel à projets" in rallyes.decisions.get().minutes
    assert rallyes.decisions.get().decided_on == D(2017, 6, 1)


def test_feasibility_studies_at_their_dates(loaded):
    studies = {s.innovation.code: s for s in FeasibilityStudy.objects.select_related("innovation")}
    assert (studies["TZC"].started_on, studies["TZC"].finished_on) == (D(2015, 2, 1), D(2015, 10, 1))
    assert studies["RALLYES"].finished_on == D(2017, 7, 1)
    assert studies["TAPAJ"].started_on == D(2016, 11, 1)
    assert studies["PARCOURS-GARDIEN"].author == "Ansa"
    assert studies["CHANTIERS-GARES"].status == "in_progress"
    assert "emploi d'abord" in studies["LREF"].philosophy


def test_the_lref_2018_calendar(loaded):
    lref = Activity.objects.filter(innovation__code="LREF")
    awareness = lref.filter(kind="awareness").values_list("starts_on", flat=True)
    assert sorted(awareness) == [D(2018, 2, 1), D(2018, 3, 1)]
    modules = lref.filter(kind="formation_action").order_by("starts_on")
    assert [(m.module, m.starts_on.month, m.duration_days, m.place) for m in modules] == [
        ("Modules 1 et 2", 5, 2, "Lyon, locaux du LREF"),
        ("Modules 3 et 4", 6, 2, "Lyon, locaux du LREF"),
        ("Module 5", 7, 1, "Lyon, locaux du LREF"),
    ]
    day = lref.get(kind="national_day")
    assert (day.starts_on, day.place) == (D(2018, 11, 1), "Paris")
    ami = StructureCall.objects.get(innovation__code="LREF")
    assert (ami.opens_on, ami.closes_on, ami.selection_on) == (D(2018, 2, 1), D(2018, 3, 31), D(2018, 4, 1))
    assert ami.applications.filter(status="selected").count() == 9


def test_ami_applications_are_tied_to_the_adoptions_of_programme_toml(loaded):
    counts = Counter(Application.objects.values_list("call__innovation__code", flat=True))
    assert counts == {"PARCOURS-GARDIEN": 18, "LREF": 9, "RALLYES": 7}
    for application in Application.objects.select_related("adoption", "call"):
        assert application.adoption.innovation_id == application.call.innovation_id
        assert application.adoption.structure_id == application.structure_id
        assert application.decided_on == application.adoption.status_changes.get(status="selected").on


def test_the_parcours_gardien_regional_trainings(loaded):
    trainings = Activity.objects.filter(innovation__code="PARCOURS-GARDIEN", kind="regional_training")
    assert trainings.count() == 3
    assert {t.duration_days for t in trainings} == {2}


def test_the_mife_74_rally_with_its_exact_figures(loaded):
    rally = Event.objects.get(key="rallye-mife-74-2018-11")
    assert (rally.starts_on, rally.ends_on, rally.organiser.key, rally.departement_id) == (
        D(2018, 11, 6),
        D(2018, 11, 7),
        "mife-74",
        "74",
    )
    assert (rally.job_seekers, rally.long_term_unemployed, rally.women, rally.men) == (16, 11, 14, 2)
    assert (rally.structures_reached, rally.companies, rally.public_partners) == (24, 9, 4)
    assert (rally.companies_industry, rally.companies_retail, rally.companies_consulting) == (4, 2, 3)
    assert (rally.companies_tpe, rally.companies_pme, rally.companies_eti) == (4, 4, 1)
    rules = Charter.objects.get(innovation__code="RALLYES").rules.all()
    assert [c.state for c in rally.check_charter(rules)] == ["ok", "ok"]


def test_the_2019_rally_calendar(loaded):
    rallies = Event.objects.filter(innovation__code="RALLYES", starts_on__year=2019)
    assert rallies.count() == 7  # eight rallies in all with MIFE 74's
    assert {r.departement_id for r in rallies} == {"49", "38", "07", "26", None}
    assert all(r.job_seekers is None and r.companies is None for r in rallies)


def test_vita_air_professionals_trained_from_attendance(loaded):
    assert professionals_trained(Innovation.objects.get(code="VITA-AIR")).number == 14
    assert professionals_trained(Innovation.objects.get(code="LREF")).number is None


def test_tools_are_published_with_their_sheets(loaded):
    assert Tool.objects.count() == Tool.objects.filter(published=True).exclude(file="").count() == 10
    assert Charter.objects.get().tool.title == "Charte des rallyes pour l'emploi"


def test_loading_twice_changes_nothing(loaded):
    counts = (Activity.objects.count(), Attendance.objects.count(), Event.objects.count(), StatusChange.objects.count())
    report = load_reference_data()
    assert {outcome for _, outcome in report} == {"inchangé"}
    assert counts == (
        Activity.objects.count(),
        Attendance.objects.count(),
        Event.objects.count(),
        StatusChange.objects.count(),
    )


def test_the_pipeline_writes_no_status_and_no_step(db):
    load_reference_data(pipeline_path=None)
    before = (StatusChange.objects.count(), Adoption.objects.count(), Innovation.objects.count())
    load_reference_data()
    assert before == (StatusChange.objects.count(), Adoption.objects.count(), Innovation.objects.count())


def broken_pipeline(tmp_path, old, new):
    path = tmp_path / "pipeline.toml"
    shutil.copy(PIPELINE_FILE, path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'ends_on = "2018-11-30"',
            'ends_on = "2018-01-30"',
            "pipeline.toml, [[activities]] n°22 (lref-soutien-transposition-2018) : champ ends_on : La fin",
        ),
        ('innovation = "TAPAJ"', 'innovation = "TAPAJE"', "champ innovation : innovation inconnue « TAPAJE »"),
        ('structure = "mife-74"', 'structure = "mife-99"', "champ structure : structure inconnue « mife-99 »"),
        ("job_seekers = 16", "job_seekers = -16", "[[events]] n°1 (rallye-mife-74-2018-11) : champ job_seekers"),
        ("women = 14", "women = 24", "champ women : Dont femmes (24) : plus que les 16 chercheurs d'emploi."),
        ('kind = "regional_training"', 'kind = "formation"', "champ kind"),
    ],
)
def test_bad_input_names_file_entry_and_field_and_writes_nothing(db, tmp_path, old, new, message):
    path = broken_pipeline(tmp_path, old, new)
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(pipeline_path=path)
    assert message in str(error.value)
    assert not Innovation.objects.exists() and not Activity.objects.exists() and not Call.objects.exists()
