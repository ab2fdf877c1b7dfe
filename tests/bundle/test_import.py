"""A valid bundle: what it creates, what a dry run says, what a second run changes (nothing)."""

from datetime import date

from django.utils import timezone

from essaim.evaluation.models import Indicator, Value
from essaim.imports.plan import Outcome
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.sources.models import Source
from essaim.swarming.models import Adoption, StatusChange
from tests.bundle.helpers import counts, run, write_bundle


def test_a_bundle_creates_everything(bundle, before):
    result = run(bundle)
    assert result.ok and result.written
    assert result.plan.summary("structures.csv") == "3 nouveaux, 0 modifié, 0 inchangé"
    assert result.plan.summary("indicators.csv") == "1 nouveau, 0 modifié, 1 inchangé"
    assert result.plan.summary("values.csv") == "3 nouveaux, 0 modifié, 0 inchangé"
    aci = Structure.objects.get(key="aci-grenoble")
    assert (aci.name, aci.kind, aci.departement_id, aci.siret) == ("ACI de Grenoble", "ACI", "38", "73282932000074")
    alpha = Innovation.objects.get(code="ALPHA")
    assert (alpha.porteur.key, alpha.entered_on, alpha.exited_on) == ("porteur-alpha", date(2016, 1, 1), None)
    meals = Indicator.objects.get(code="meals_served")
    assert (meals.label, meals.aggregation, meals.unit, meals.is_standard, meals.operation) == (
        "Repas servis",
        "sum",
        "repas",
        False,
        "",
    )
    after = counts()
    assert after["Value (historique)"] == before["Value (historique)"]  # a value's history begins at its first change
    assert after["Structure (historique)"] - before["Structure (historique)"] == 3


def test_values_keep_nc_sources_and_comments(bundle, db):
    Source.objects.create(key="enquete-2019", title="Enquête 2019")
    write_bundle(
        bundle,
        values=(
            "innovation,structure,indicator,period_start,period_end,value,source,comment\n"
            "ALPHA,aci-grenoble,people_reached,,2018-12-31,1 058,enquete-2019,\n"
            "ALPHA,chrs-lyon,people_reached,2018-01-01,2018-12-31,NC,appel du 3 mars,non transmis\n"
        ),
    )
    assert run(bundle).ok
    aci, chrs = Value.objects.order_by("structure__key")
    assert (aci.kind, aci.number, aci.source.key, aci.source_detail) == ("number", 1058, "enquete-2019", "")
    assert (chrs.kind, chrs.number, chrs.source, chrs.source_detail) == ("nc", None, None, "appel du 3 mars")
    assert (chrs.period_start, chrs.comment) == (date(2018, 1, 1), "non transmis")


def test_steps_and_statuses_start_their_history(bundle, db):
    assert run(bundle).ok
    today = timezone.localdate()
    alpha = Innovation.objects.get(code="ALPHA")
    assert alpha.step == "swarming"
    assert list(alpha.step_changes.values_list("step", "on")) == [("swarming", today)]
    statuses = StatusChange.objects.order_by("adoption__structure__key").values_list("status", "on")
    assert list(statuses) == [("trained", date(2016, 6, 1)), ("selected", date(2017, 1, 15))]
    assert list(Adoption.objects.order_by("structure__key").values_list("status", flat=True)) == ["trained", "selected"]


def test_dry_run_reports_and_writes_nothing(bundle, before):
    result = run(bundle, dry_run=True)
    assert result.ok and result.dry_run and not result.written
    assert counts() == before
    assert result.plan.count("adoptions.csv", Outcome.NEW) == 2
    assert {(c.file, c.key) for c in result.plan.changes if c.file == "innovations.csv"} == {
        ("innovations.csv", "ALPHA")
    }


def test_reimporting_the_same_files_changes_nothing(bundle, db):
    assert run(bundle).ok
    snapshot = counts()
    result = run(bundle)
    assert result.ok
    assert not result.plan.changed
    assert result.plan.summary("values.csv") == "0 nouveau, 0 modifié, 3 inchangés"
    assert result.plan.summary("adoptions.csv") == "0 nouveau, 0 modifié, 2 inchangés"
    assert counts() == snapshot


def test_changes_are_planned_then_written_with_their_history(bundle, db):
    assert run(bundle).ok
    snapshot = counts()
    write_bundle(
        bundle,
        structures="code,name,kind\naci-grenoble,ACI Grenoble Alpes,ACI\n",
        innovations="code,name,porteur,stage\nALPHA,Alpha,porteur-alpha,evaluation_1\n",
        adoptions="innovation,structure,status,since\nALPHA,chrs-lyon,abandoned,2017-01-15\n",
        values=(
            "innovation,structure,indicator,period_end,value\n"
            "ALPHA,aci-grenoble,people_reached,2018-12-31,14\n"
            "ALPHA,chrs-lyon,people_reached,2018-12-31,nc\n"
        ),
        indicators=None,
    )
    plan = run(bundle, dry_run=True).plan
    assert [(c.file, c.key, c.outcome, c.fields) for c in plan.changes] == [
        ("structures.csv", "aci-grenoble", Outcome.UPDATED, ("name",)),
        ("innovations.csv", "ALPHA", Outcome.UPDATED, ("stage",)),
        ("adoptions.csv", "ALPHA × chrs-lyon", Outcome.UPDATED, ("status",)),
        ("values.csv", "ALPHA · aci-grenoble · people_reached · 2018-12-31", Outcome.UPDATED, ("number",)),
    ]
    assert counts() == snapshot
    assert run(bundle).ok
    today = timezone.localdate()
    assert Structure.objects.get(key="aci-grenoble").siret == "73282932000074"  # column absent: kept
    assert list(StepChange.objects.values_list("step", "on")) == [("swarming", today), ("evaluation_1", today)]
    chrs = Adoption.objects.get(structure__key="chrs-lyon")
    assert chrs.status == "abandoned"
    assert list(chrs.status_changes.values_list("status", "on")) == [
        ("selected", date(2017, 1, 15)),
        ("abandoned", today),
    ]
    value = Value.objects.get(structure__key="aci-grenoble")
    assert (value.number, value.source_detail) == (14, "enquête structure")  # source column absent: kept
    # Its first change: the value as it was entered, then the change.
    first, change = value.history.order_by("history_id")
    assert (first.history_type, first.number, first.history_date) == ("+", 12, first.entered_at)
    assert (change.history_type, change.number) == ("~", 14)
    after = counts()
    assert after["Value (historique)"] == snapshot["Value (historique)"] + 2
    assert after["Structure (historique)"] == snapshot["Structure (historique)"] + 1


def test_files_absent_from_the_directory_are_skipped(tmp_path, db):
    write_bundle(tmp_path, files={"structures.csv": "code,name,kind\nseul,Seule,OTHER\n"})
    result = run(tmp_path)
    assert result.ok and list(result.encodings) == ["structures.csv"]
    assert Structure.objects.filter(key="seul").exists()


def test_standard_indicators_may_appear_unchanged(bundle, db):
    write_bundle(
        bundle,
        indicators=(
            "code,label,aggregation,unit\n"
            "people_involved_total,Total des personnes impliquées,last,personnes\n"
            "people_reached,Personnes concernées (DELD et jeunes),last,personnes\n"
        ),
    )
    assert run(bundle).plan.summary("indicators.csv") == "0 nouveau, 0 modifié, 2 inchangés"


def test_other_indicators_take_the_files_label_unit_and_aggregation(bundle, db):
    Indicator.objects.create(code="meals_served", label="Repas", unit="", aggregation="last")
    result = run(bundle)
    assert [(c.key, c.fields) for c in result.plan.changes if c.file == "indicators.csv"] == [
        ("meals_served", ("label", "aggregation", "unit"))
    ]
    meals = Indicator.objects.get(code="meals_served")
    assert (meals.label, meals.aggregation, meals.unit) == ("Repas servis", "sum", "repas")


def test_a_user_is_named_in_the_history(bundle, db):
    from essaim.bundle.importer import import_bundle
    from tests.factories import UserFactory

    user = UserFactory()
    assert import_bundle(bundle, user=user).ok
    assert Value.objects.filter(entered_by=user).count() == 3
    assert set(StatusChange.objects.values_list("recorded_by", flat=True)) == {user.pk}
    assert Structure.history.filter(history_user=user).count() == 3


def test_a_changed_value_needs_validating_again(bundle, db):
    assert run(bundle).ok
    Value.objects.filter(structure__key="aci-grenoble").update(state="validated", validated_at=timezone.now())
    write_bundle(
        bundle,
        values="innovation,structure,indicator,period_end,value\nALPHA,aci-grenoble,people_reached,2018-12-31,15\n",
        structures=None,
        innovations=None,
        adoptions=None,
        indicators=None,
    )
    assert run(bundle).ok
    value = Value.objects.get(structure__key="aci-grenoble")
    assert (value.number, value.state, value.validated_at) == (15, "entered", None)
