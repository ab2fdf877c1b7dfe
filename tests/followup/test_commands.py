"""Purge (dry run unless --wet-run), export or erase one person, demo people."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from essaim.followup import demo
from essaim.followup.enums import Action, SubType
from essaim.followup.models import AccessLog, Beneficiary
from essaim.followup.outcomes import compute
from essaim.followup.viewer import Viewer
from tests.followup.helpers import person
from tests.worlds import build_world


def run(*args, stdin=None, **options):
    out = io.StringIO()
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command(*args, stdout=out, **options)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_purge_is_a_dry_run_unless_wet_run(world):
    today = timezone.localdate()
    old = person(world.own.structure, world.innovation, entered=today - datetime.timedelta(days=1200))
    recent = person(world.own.structure, world.innovation, entered=today - datetime.timedelta(days=100))
    AccessLog.objects.create(action=Action.LIST, at=timezone.now() - datetime.timedelta(days=400))
    text = run("purge_followup")
    assert "Simulation" in text and "1 personne(s)" in text and "1 ligne(s)" in text
    assert Beneficiary.objects.count() == 2
    run("purge_followup", wet_run=True)
    assert list(Beneficiary.objects.values_list("pk", flat=True)) == [recent.beneficiary_id]
    assert not Beneficiary.objects.filter(pk=old.beneficiary_id).exists()
    assert AccessLog.objects.filter(action=Action.PURGE, count=1).exists()


def test_the_purge_can_be_handed_to_the_task_queue(world):
    today = timezone.localdate()
    old = person(world.own.structure, world.innovation, entered=today - datetime.timedelta(days=1200))
    with pytest.raises(CommandError, match="--wet-run"):
        run("purge_followup", enqueue=True)  # a dry run is never queued
    assert "file des tâches" in run("purge_followup", wet_run=True, enqueue=True)  # the tests' queue runs it at once
    assert not Beneficiary.objects.filter(pk=old.beneficiary_id).exists()
    assert AccessLog.objects.filter(action=Action.PURGE, count=1).exists()


@pytest.mark.django_db(transaction=True)
def test_a_queued_purge_waits_for_the_worker(settings, migration_data):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = build_world()
    old = person(world.own.structure, world.innovation, entered=timezone.localdate() - datetime.timedelta(days=1200))
    run("purge_followup", wet_run=True, enqueue=True)
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "essaim.followup.purge.purge_task" and queued.status == "READY"
    assert Beneficiary.objects.filter(pk=old.beneficiary_id).exists()  # not by the command itself
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value["people"] == 1
    assert not Beneficiary.objects.filter(pk=old.beneficiary_id).exists()


def test_export_and_erase_one_person_from_the_command_line(world):
    enrolment = person(world.own.structure, world.innovation, reference="DOSSIER 9", situations=[(6, SubType.CDI)])
    key = world.own.structure.key
    exported = run("followup_person", "export", structure=key, stdin="dossier 9\n")
    assert enrolment.beneficiary.pseudonym in exported and "Emploi durable" in exported
    assert "DOSSIER 9" not in exported.upper()
    assert "Simulation" in run("followup_person", "erase", structure=key, stdin="DOSSIER 9\n")
    assert Beneficiary.objects.exists()
    run("followup_person", "erase", structure=key, wet_run=True, stdin="DOSSIER 9\n")
    assert not Beneficiary.objects.exists()


@pytest.fixture
def lref(db):
    call_command("load_reference_data", stdout=io.StringIO())


def test_demo_people_reproduce_the_lyon_rates_and_are_labelled(lref):
    created = demo.generate()
    assert created == sum(demo.INNOVATION_AT_12.values()) + sum(demo.COMPARISON_AT_12.values())
    assert not Beneficiary.objects.filter(is_demo=False).exists()
    from essaim.innovations.models import Innovation

    lref = Innovation.objects.get(code="LREF")
    total = compute(datetime.date(2022, 1, 1), innovation=lref, viewer=Viewer(exact=True)).total
    assert round(total.shares[12]["transition"].percent) == 27
    assert round(total.shares[12]["durable"].percent) == 12
    assert demo.generate() == created  # replaced, not added
    assert Beneficiary.objects.count() == created
    run("purge_followup", wet_run=True)
    assert Beneficiary.objects.count() == created  # fictitious people are not purged


def test_demo_loading_refuses_production(settings, lref):
    settings.ESSAIM_DEMO_DATA = False  # production, the tests
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("load_demo_followup")
