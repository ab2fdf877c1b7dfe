import datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.models import Membership
from essaim.activities.enums import ActivityKind
from essaim.activities.models import Activity, Attendance
from essaim.evaluation.campaigns import Campaign, Reminder, ReminderLine
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Value
from essaim.followup.enums import Arm, Milestone
from essaim.followup.models import Beneficiary, Enrolment, Situation
from essaim.followup.outcomes import compute
from essaim.followup.pseudonym import PSEUDONYM, pseudonym
from essaim.followup.viewer import Viewer
from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.organizations.referents import referents
from essaim.swarming.models import Adoption
from essaim.synthetic import national, people
from essaim.synthetic import referents as synthetic_referents
from essaim.synthetic.grids import RATED_PHASES
from essaim.synthetic.tables import unchecked_deletes
from tests.factories import UserFactory

# 1 innovation, 10 structures, 5 adoptions, 1,000 people; seed 14 puts the innovation at the third
# evaluation phase, so that the three phases are rated (the ratings follow the step).
SMALL = {"scale": 0.001, "seed": 14, "months": 6}


def fingerprint():
    return list(
        Value.objects.order_by("innovation__code", "structure__key", "indicator__code", "period_end").values_list(
            "innovation__code", "structure__key", "indicator__code", "period_end", "kind", "number"
        )
    )


def fingerprint_of_the_rest():
    """Everything but the values, by natural keys (ids and pseudonyms change between runs)."""
    return {
        "grids": list(
            GridItem.objects.order_by("grid__innovation__code", "position").values_list(
                "grid__innovation__code", "grid__scale__code", "key", "position", "label"
            )
        ),
        "phases": list(
            EvaluationPhase.objects.order_by("innovation__code", "number").values_list(
                "innovation__code", "number", "planned_on", "methods", "status", "delivered_on"
            )
        ),
        "observations": list(
            Observation.objects.order_by("adoption__structure__key", "phase", "item__key").values_list(
                "adoption__structure__key", "phase", "item__key", "level__label", "comment", "recorded_at"
            )
        ),
        "findings": list(
            Finding.objects.order_by("key").values_list("key", "phase", "structure__key", "kind", "observed_on")
        ),
        "activities": list(
            Activity.objects.order_by("key").values_list("key", "kind", "starts_on", "ends_on", "duration_days")
        ),
        "attendance": list(
            Attendance.objects.order_by("activity__key", "structure__key").values_list(
                "activity__key", "structure__key", "professionals"
            )
        ),
        "people": list(
            Enrolment.objects.order_by("beneficiary_id").values_list(
                "structure__key",
                "arm",
                "entered_on",
                "age_band",
                "duration_band",
                "neet",
                "rsa",
                "beneficiary__sex",
                "outcome_6",
                "outcome_18",
                "first_job_on",
            )
        ),
        "situations": list(
            Situation.objects.order_by("enrolment__beneficiary_id", "on").values_list(
                "on", "milestone", "subtype", "contract_months", "category"
            )
        ),
    }


def synthetic_counts():
    return {
        "grids": Grid.objects.filter(innovation__code__startswith="SYN-").count(),
        "items": GridItem.objects.filter(key__startswith="syn-").count(),
        "phases": EvaluationPhase.objects.filter(innovation__code__startswith="SYN-").count(),
        "observations": Observation.objects.filter(adoption__innovation__code__startswith="SYN-").count(),
        "findings": Finding.objects.filter(key__startswith="syn-").count(),
        "activities": Activity.objects.filter(key__startswith="syn-").count(),
        "attendance": Attendance.objects.filter(activity__key__startswith="syn-").count(),
        "people": Beneficiary.objects.filter(structure__key__startswith="syn-").count(),
        "enrolments": Enrolment.objects.filter(innovation__code__startswith="SYN-").count(),
        "situations": Situation.objects.filter(enrolment__innovation__code__startswith="SYN-").count(),
    }


def all_counts():
    models = (Grid, GridItem, EvaluationPhase, Observation, Finding, Activity, Attendance)
    return {model.__name__: model.objects.count() for model in (*models, Beneficiary, Enrolment, Situation)}


def test_a_small_programme_is_generated_labelled_and_reproducible(db):
    counts = national.generate(**SMALL)
    assert counts["innovations"] == Innovation.objects.filter(code__startswith="SYN-").count() == 1
    assert Structure.objects.filter(key__startswith="syn-").count() == counts["structures"] == 10
    assert Adoption.objects.count() == counts["adoptions"] == 5
    assert Value.objects.count() == counts["values"] > 0
    assert all("synthétique" in name for name in Structure.objects.values_list("name", flat=True))
    kinds = set(Value.objects.values_list("kind", flat=True))
    assert "number" in kinds
    first, rest = fingerprint(), fingerprint_of_the_rest()
    national.generate(**SMALL)
    assert fingerprint() == first
    assert fingerprint_of_the_rest() == rest
    table = consolidate(national.month_end(5))
    assert len(table.rows) == 1


def test_grids_activities_and_people_are_generated_labelled_and_counted(db):
    counts = national.generate(**SMALL)
    found = synthetic_counts()
    assert found["grids"] == counts["grids"] == 1
    assert found["items"] == counts["grid_items"] >= 4
    assert found["phases"] == counts["evaluation_phases"] == 3
    assert found["observations"] == counts["observations"] > 0
    assert found["findings"] == counts["findings"] > 0
    assert found["activities"] == counts["activities"] == Activity.objects.count() > 0
    assert found["attendance"] == counts["attendance"] == Attendance.objects.count() > 0
    assert found["people"] == found["enrolments"] == counts["people"] == 1000 == Beneficiary.objects.count()
    assert 3000 < found["situations"] <= 4000
    # labelled: keys and names say what they are
    assert all("synthétique" in title for title in Grid.objects.values_list("title", flat=True))
    assert all("synthétique" in title for title in Activity.objects.values_list("title", flat=True))
    assert set(Activity.objects.values_list("kind", flat=True)) >= {
        ActivityKind.AWARENESS,
        ActivityKind.SUPPORT,
        ActivityKind.NATIONAL_DAY,
    }
    assert Activity.objects.filter(kind__in=ActivityKind.trainings()).exists()
    assert Activity.objects.filter(innovation=None).count() == 4  # a national day a year, 2017-2020
    # a tenth in a comparison group, as many people on each adoption
    assert Enrolment.objects.filter(arm=Arm.COMPARISON).count() == 100
    adopted = set(Adoption.objects.values_list("innovation_id", "structure_id"))
    assert set(Enrolment.objects.values_list("innovation_id", "structure_id").distinct()) == adopted


def test_the_ratings_follow_the_step_of_the_innovation(db):
    national.generate(**SMALL)
    innovation = Innovation.objects.get(code__startswith="SYN-")
    rated = set(Observation.objects.values_list("phase", flat=True))
    assert rated == set(range(1, RATED_PHASES.get(innovation.step, 0) + 1))
    abandoned = Adoption.objects.filter(status="abandoned")
    assert not Observation.objects.filter(adoption__in=abandoned).exists()  # not expected at the phase's date


def test_generated_rows_satisfy_the_models_rules(db):
    """full_clean (fields, constraints and each model's clean) on the generated rows."""
    national.generate(**SMALL)
    for model in (Grid, GridItem, EvaluationPhase, Observation, Finding, Activity, Attendance):
        for row in model.objects.all():
            row.full_clean()
    for beneficiary in Beneficiary.objects.all()[:200]:
        beneficiary.full_clean()
        assert PSEUDONYM.fullmatch(beneficiary.pseudonym)
    enrolments = Enrolment.objects.order_by("pk")[:200]
    for enrolment in enrolments:
        enrolment.full_clean()
        situations = list(enrolment.situations.all())
        assert situations[0].milestone == Milestone.ENTRY
        for situation in situations:
            situation.full_clean()
        kept = {name: getattr(enrolment, name) for name in ("outcome_6", "outcome_12", "first_job_on", "seen_days")}
        enrolment.refresh_outcomes(save=False)
        assert {name: getattr(enrolment, name) for name in kept} == kept
    first = Beneficiary.objects.order_by("pk").first()
    assert first.pseudonym == pseudonym(first.structure_id, people.reference(0))


def test_the_pages_work_over_the_synthetic_programme(client, db):
    national.generate(**SMALL)
    today = timezone.localdate()
    result = compute(today, viewer=Viewer(exact=True))
    assert result.total.entered.value == Enrolment.objects.filter(arm=Arm.INNOVATION).count() == 900
    assert result.did  # the comparison group gives a difference in differences
    assert compute(today, viewer=Viewer(exact=False)).total is not None
    synthetic = Innovation.objects.get(code__startswith="SYN-")
    code = synthetic.code
    client.force_login(UserFactory(team=True, programmes=[synthetic.programme]))
    response = client.get(reverse("grids:grid", args=[code]))
    assert response.status_code == 200
    if Observation.objects.exists():
        assert "Structure synthétique" in response.content.decode()
    for url in (
        reverse("grids:index"),
        reverse("grids:plan", args=[code]),
        reverse("activities:calendar", args=[code]),
        reverse("activities:activity_list"),
        reverse("followup:outcomes"),
    ):
        assert client.get(url).status_code == 200, url


def test_people_alone_can_be_replaced(db):
    national.generate(**SMALL, people_count=0)
    assert not Beneficiary.objects.exists()
    assert people.generate(300) == 300
    assert people.enrolments().count() == 300
    assert people.generate(200) == 200
    assert Beneficiary.objects.count() == 200


@pytest.mark.slow
def test_remove_leaves_the_rest_untouched(db):
    from essaim.followup import demo
    from essaim.reference.load import load_reference_data

    load_reference_data()
    demo.generate()
    before_innovations = Innovation.objects.count()
    before = all_counts()
    assert before["Observation"] and before["Activity"] and before["Beneficiary"]
    national.generate(scale=0.001, seed=14, months=3)
    assert all(synthetic_counts().values())
    national.remove()
    assert Innovation.objects.count() == before_innovations
    assert not Structure.objects.filter(key__startswith="syn-").exists()
    assert all_counts() == before
    assert not any(synthetic_counts().values())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="foreign key checks skipped on PostgreSQL only")
def test_foreign_key_checks_are_skipped_only_when_every_referencing_table_is_cleaned(db):
    def role():
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            return cursor.fetchone()[0]

    with transaction.atomic():
        with unchecked_deletes(Beneficiary):  # enrolments refer to people: the checks stay
            assert role() == "origin"
        with unchecked_deletes(Beneficiary, Enrolment, Situation):
            assert role() == "replica"
        assert role() == "origin"


def test_each_structure_has_one_referent_whom_reminders_reach(db):
    counts = national.generate(**SMALL, people_count=0)
    structures = Structure.objects.filter(key__startswith="syn-")
    assert counts["referents"] == structures.count() == 10
    programme = Innovation.objects.get(code__startswith="SYN-").programme
    found = referents(programme).filter(structure__in=structures).select_related("user", "structure")
    assert sorted(m.structure.key for m in found) == sorted(structures.values_list("key", flat=True))
    for membership in found:
        number = membership.structure.key.removeprefix("syn-")
        assert membership.role == "structure_member"
        assert membership.user.email == f"referent-{number}@national.essaim.test"
        assert membership.user.is_active and not membership.user.has_usable_password()
    reached = found[0]
    campaign = Campaign.objects.create(
        programme=programme,
        title="Campagne",
        period_end=national.month_end(5),
        opens_on=national.month_end(5) + datetime.timedelta(days=1),
        deadline=national.month_end(6),
    )
    reminder = Reminder.objects.create(user=reached.user, email=reached.user.email, sent_on=campaign.deadline)
    ReminderLine.objects.create(reminder=reminder, campaign=campaign, structure=reached.structure, answered=0, asked=1)
    national.generate(**SMALL, people_count=0)  # again: the previous accounts are replaced
    assert synthetic_referents.users().count() == 10
    assert not Reminder.objects.exists() and not ReminderLine.objects.exists()
    national.remove()
    assert not synthetic_referents.users().exists()
    assert not Membership.objects.exists()
    assert Campaign.objects.get() == campaign
