"""export → import into an empty database → export gives the same bytes."""

from datetime import date

import pytest

from essaim.accounts.models import Membership
from essaim.activities.models import Activity, Attendance, Event
from essaim.bundle.exporter import export_bundle
from essaim.bundle.importer import FILES, import_bundle
from essaim.evaluation.models import Indicator, Value
from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from tests.bundle.helpers import counts
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory


def empty_the_domain():
    """Delete what the bundle carries, dependents first (histories go with their parents)."""
    for model in (Observation, GridItem, Grid, EvaluationPhase, Finding):
        model.objects.all().delete()
    Value.objects.all().delete()
    Adoption.objects.all().delete()
    Innovation.objects.all().delete()
    Membership.objects.all().delete()
    Structure.objects.all().delete()
    Indicator.objects.filter(is_standard=False).delete()


def assert_same_files(a, b):
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def round_trip(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export_bundle(a)
    empty_the_domain()
    result = import_bundle(a)
    assert result.ok, result.errors[:5]
    export_bundle(b)
    assert_same_files(a, b)
    return a


def test_reference_dataset_round_trip(tmp_path, db):
    load_reference_data()
    a = round_trip(tmp_path)
    lines = {name: (a / name).read_text().count("\n") - 1 for name in FILES}
    assert lines == {
        "structures.csv": Structure.objects.count(),
        "innovations.csv": 10,
        "indicators.csv": Indicator.objects.count(),
        "adoptions.csv": Adoption.objects.count(),
        "values.csv": Value.objects.count(),
        "grids.csv": GridItem.objects.count(),
        "observations.csv": Observation.objects.count(),
        "activities.csv": Activity.objects.count(),
        "attendance.csv": Attendance.objects.count(),
        "events.csv": Event.objects.count(),
    }
    assert lines["attendance.csv"] > 0 and lines["events.csv"] > 0
    assert lines["values.csv"] > 0
    assert lines["grids.csv"] == 16 and lines["observations.csv"] == 126  # VITA Air 6 × 6, LREF 9 × 10


def test_reimporting_an_export_changes_nothing(tmp_path, db):
    load_reference_data()
    export_bundle(tmp_path)
    before = counts()
    result = import_bundle(tmp_path)
    assert result.ok and not result.plan.changed
    assert counts() == before


@pytest.fixture
def awkward(db):
    """Text a spreadsheet would run, separators, quotes, line breaks, structures without key."""
    porteur = StructureFactory(name='=HYPERLINK("http://x";"clic")', kind="ASSOCIATION", departement_id="2A")
    innovation = InnovationFactory(code="ZETA", name='Zêta, « guillemets » et "quotes"', porteur=porteur)
    adoption = AdoptionFactory(innovation=innovation, structure=StructureFactory(name="-moins", siret="73282932000074"))
    AdoptionFactory(innovation=innovation, structure=StructureFactory(name="Même nom"))
    StructureFactory(name="Même nom", departement=None)
    people = Indicator.objects.get(code="people_reached")
    meals = Indicator.objects.create(code="meals", label="+ de repas", unit="@repas", aggregation="sum")
    common = {"innovation": innovation, "period_end": date(2019, 3, 31)}
    Value.objects.create(**common, structure=adoption.structure, indicator=people, number=7, comment="ligne\r\nsuite")
    Value.objects.create(**common, indicator=people, kind="ne", source_detail="@source, dite")
    Value.objects.create(**common, indicator=meals, number=0, period_start=date(2019, 1, 1), comment="'=déjà")
    return innovation


def test_awkward_content_round_trip(tmp_path, awkward):
    a = round_trip(tmp_path)
    structures = (a / "structures.csv").read_text()
    assert '\'=HYPERLINK(""http://x"";""clic"")' in structures
    assert ",'-moins," in structures
    assert "meme-nom,Même nom" in structures and "meme-nom-2,Même nom" in structures
    assert Structure.objects.get(name__startswith="=HYPERLINK").departement_id == "2A"
    values = (a / "values.csv").read_bytes().decode()
    assert ',7,,"ligne\r\nsuite"\n' in values
    assert ",ne,'@source, dite," not in values and ',ne,"\'@source, dite",' in values
    assert Value.objects.get(indicator__code="meals").comment == "'=déjà"
    assert Value.objects.get(kind="ne").source_detail == "@source, dite"
