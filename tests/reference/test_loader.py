import shutil
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.reference.load import load_reference_data
from essaim.reference.loader import DATA_FILE, ReferenceDataError
from essaim.reference.models import PublishedFigure
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.models import Adoption, StatusChange

CODES = [
    "TZC",
    "VITA-AIR",
    "PARCOURS-GARDIEN",
    "TAPAJ",
    "SOLENI",
    "LREF",
    "RALLYES",
    "JEUNESS",
    "ACOR",
    "CHANTIERS-GARES",
]


@pytest.fixture
def loaded(db):
    load_reference_data()


def snapshot():
    """Everything the loader writes, with the history tables, to compare two runs."""
    from essaim.innovations.models import Innovation as I  # noqa: N817

    return {
        "structures": list(Structure.objects.order_by("pk").values()),
        "innovations": list(I.objects.order_by("pk").values()),
        "adoptions": list(Adoption.objects.order_by("pk").values()),
        "steps": list(StepChange.objects.order_by("pk").values_list("innovation_id", "step", "on")),
        "statuses": list(StatusChange.objects.order_by("pk").values_list("adoption_id", "status", "on")),
        "figures": list(PublishedFigure.objects.order_by("pk").values()),
        "history": (
            Structure.history.count(),
            I.history.count(),
            Adoption.history.count(),
        ),
    }


def test_the_ten_innovations_with_their_codes(loaded):
    assert sorted(Innovation.objects.values_list("code", flat=True)) == sorted(CODES)


def test_adoption_counts_match_the_sources(loaded):
    counts = Counter(Adoption.objects.values_list("innovation__code", flat=True))
    assert counts["LREF"] == 9
    assert counts["RALLYES"] == 7
    assert counts["SOLENI"] == 2
    assert counts["ACOR"] == 3
    assert counts["TZC"] == counts["JEUNESS"] == 0
    vita = Adoption.objects.filter(innovation__code="VITA-AIR")
    assert vita.filter(wave="2016").count() == 7
    assert vita.filter(status=AdoptionStatus.ABANDONED).count() == 1  # 1 of 7 left


def test_parcours_gardien_17_trained_of_which_4_abandoned(loaded):
    adoptions = Adoption.objects.filter(innovation__code="PARCOURS-GARDIEN")
    trained = adoptions.filter(status_changes__status=AdoptionStatus.TRAINED).distinct()
    assert trained.count() == 17
    assert trained.filter(status=AdoptionStatus.ABANDONED).count() == 4
    assert trained.filter(status=AdoptionStatus.IMPLEMENTING).count() == 6


def test_named_structures_are_there(loaded):
    names = set(Structure.objects.filter(is_placeholder=False).values_list("name", flat=True))
    for name in ["ADEFO", "La Sasson", "MIFE 74", "AgiRE", "ICARE", "IPSO"]:
        assert any(name in n for n in names), name
    assert Structure.objects.get(name__icontains="Fondation de Nice")


def test_placeholders_are_plainly_marked(loaded):
    for structure in Structure.objects.filter(is_placeholder=True):
        assert "non nommé" in structure.name


def test_current_steps(loaded):
    steps = dict(Innovation.objects.values_list("code", "step"))
    assert steps["TZC"] == Step.EXITED
    assert steps["JEUNESS"] == Step.PAUSED
    assert steps["VITA-AIR"] == Step.EXITED


def test_every_record_keeps_its_source(loaded):
    assert not Innovation.objects.filter(source__isnull=True).exists()
    assert not Structure.objects.filter(source__isnull=True).exists()
    assert not Adoption.objects.filter(source__isnull=True).exists()
    assert not StepChange.objects.filter(source__isnull=True).exists()


def test_published_figures_keep_disagreements(loaded):
    values = set(PublishedFigure.objects.values_list("value", flat=True))
    assert {"1082", "1058", "85", "42", "46"} <= values


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()
    report = load_reference_data()
    assert {outcome for _, outcome in report} == {"inchangé"}
    assert snapshot() == before


def test_command_says_when_nothing_changed(loaded, capsys):
    call_command("load_reference_data")
    assert "rien à changer" in capsys.readouterr().out


def broken_copy(tmp_path, old, new):
    path = tmp_path / "programme.toml"
    shutil.copy(DATA_FILE, path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('departement = "74"', 'departement = "99"', "département inconnu « 99 »"),
        ('kind = "MIFE"', 'kind = "MAISON"', "champ kind"),
        ('code = "SOLENI"', 'code = "VITA-AIR"', "figure deux fois dans le fichier"),
        ('step = "exited"\n  on = "2018-06-30"', 'step = "exited"\n  on = "2016-01-01"', "remonter le temps"),
        ('since = "', 'since = "2016-13-', "date « 2016-13-"),
    ],
)
def test_bad_input_says_where_and_writes_nothing(db, tmp_path, old, new, message):
    path = broken_copy(tmp_path, old, new)
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(path)
    assert message in str(error.value)
    assert "programme.toml, [[" in str(error.value)
    assert Structure.objects.count() == 0
    assert Innovation.objects.count() == 0


def test_invalid_siret_in_the_data_is_refused(db, tmp_path):
    path = broken_copy(tmp_path, 'key = "mife-74"', 'key = "mife-74"\nsiret = "73282932000075"')
    with pytest.raises(ReferenceDataError, match="clé de contrôle incorrecte"):
        load_reference_data(path)
    assert Structure.objects.count() == 0


def test_command_fails_clearly_on_a_broken_file(db, tmp_path):
    path = tmp_path / "programme.toml"
    path.write_text("[[innovations]\ncode = ")
    with pytest.raises(CommandError, match="Rien n'a été chargé.*TOML invalide"):
        call_command("load_reference_data", file=str(path))


def test_a_corrected_history_replaces_what_the_loader_wrote_but_keeps_what_people_wrote(db, tmp_path):
    import datetime

    from essaim.core.history import record
    from tests.factories import UserFactory

    load_reference_data()
    acor = Innovation.objects.get(code="ACOR")
    record(StepChange, acor, Step.EVALUATION_2, datetime.date(2020, 6, 1), user=UserFactory(team=True))
    path = broken_copy(tmp_path, 'step = "exited"\n  on = "2018-06-30"', 'step = "exited"\n  on = "2018-07-31"')
    report = load_reference_data(path)
    assert report[("étapes", "supprimé")] == 1 and report[("étapes", "créé")] == 1
    assert Innovation.objects.get(code="VITA-AIR").step_changes.last().on == datetime.date(2018, 7, 31)
    acor.refresh_from_db()
    assert acor.step == Step.EVALUATION_2
