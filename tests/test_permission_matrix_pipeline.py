"""Every page of the pipeline (calls, feasibility, mobilisation, activities, events, toolkit)
× every role and anonymous. Modelled on test_permission_matrix.py; a new URL of the calls,
activities or toolkit namespaces fails `test_every_named_url_is_in_the_matrix` until it has its
row here.

Expected: 200 (shown), 400 (refused input, shown again), 403 (refused), 404 (hidden: exists
but not for this role), "login" (anonymous sent to the login page), 302 (other redirect).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from essaim.activities.models import (
    Activity,
    Application,
    Attendance,
    Charter,
    CharterRule,
    CommitteeMember,
    Event,
    StructureCall,
    Tool,
)
from essaim.calls.enums import CallStatus
from essaim.calls.models import FeasibilityStudy, StudyAttachment
from tests.calls.helpers import PDF, assign, candidate, open_call, pdf
from tests.factories import StructureFactory
from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)

NAMESPACES = ("calls", "activities", "toolkit")


@pytest.fixture
def pipeline(world, personas):
    return build_pipeline(world, personas)


def build_pipeline(world, personas):
    m = world.mark
    call = open_call()
    draft = open_call(year=2021, status=CallStatus.DRAFT)
    for each in (call, draft):
        each.title += m
        each.save()
    own = candidate(call, porteur=world.porteur, name=f"Projet du porteur{m}")
    assign(own, personas["evaluator"], personas["funder"])
    other = candidate(
        call, porteur=StructureFactory(name=f"Porteur d'ailleurs{world.registry_mark}"), name=f"Projet d'ailleurs{m}"
    )
    study = FeasibilityStudy.objects.create(innovation=world.innovation, status="in_progress")
    attachment = StudyAttachment.objects.create(study=study, title=f"Étude{m}", file=pdf("etude.pdf", marked(m)))
    ami = StructureCall.objects.create(
        innovation=world.innovation, title=f"AMI Alpha{m}", opens_on=datetime.date(2016, 1, 1)
    )
    application = Application.objects.create(
        call=ami,
        structure=StructureFactory(name=f"Candidate à l'AMI{world.registry_mark}"),
        applied_on=datetime.date(2016, 2, 1),
    )
    member = CommitteeMember.objects.create(innovation=world.innovation, organisation=f"DGEFP{m}")
    activity = Activity.objects.create(
        innovation=world.innovation, kind="formation_action", title=f"Module 1{m}", starts_on=datetime.date(2016, 9, 1)
    )
    attendance = Attendance.objects.create(activity=activity, structure=world.own.structure, professionals=2)
    charter = Charter.objects.create(innovation=world.innovation, title=f"Charte Alpha{m}")
    CharterRule.objects.create(charter=charter, measure="job_seekers", minimum=15)
    own_event = Event.objects.create(
        innovation=world.innovation,
        organiser=world.own.structure,
        title=f"Rallye{m}",
        starts_on=datetime.date(2018, 11, 6),
    )
    other_event = Event.objects.create(
        innovation=world.innovation,
        organiser=world.other.structure,
        title=f"Rallye 2{m}",
        starts_on=datetime.date(2019, 3, 25),
    )
    published = Tool.objects.create(
        innovation=world.innovation, kind="guide", title=f"Guide Alpha{m}", file=pdf(content=marked(m)), published=True
    )
    draft_tool = Tool.objects.create(
        innovation=world.innovation, kind="guide", title=f"Brouillon{m}", file=pdf(content=marked(m))
    )
    del m
    return SimpleNamespace(**locals())


def marked(mark):
    """A PDF whose bytes carry the world's mark: a download of the other programme's file shows."""
    return PDF.replace(b"%%EOF", f"%{mark}\n%%EOF".encode())


def pages(p):
    calls = {
        "calls_list": ("get", reverse("calls:list")),
        "call_create": ("get", reverse("calls:create")),
        "call_create_post": ("post", reverse("calls:create")),
        "call_detail": ("get", reverse("calls:detail", args=[p.call.pk])),
        "call_detail_draft": ("get", reverse("calls:detail", args=[p.draft.pk])),
        "call_edit": ("get", reverse("calls:edit", args=[p.call.pk])),
        "call_status": ("post", reverse("calls:status", args=[p.call.pk])),
        "criterion_add": ("post", reverse("calls:criterion_add", args=[p.call.pk])),
        "criterion_delete": ("post", reverse("calls:criterion_delete", args=[p.call.criteria.first().pk])),
        "apply": ("get", reverse("calls:apply", args=[p.call.pk])),
        "apply_post": ("post", reverse("calls:apply", args=[p.call.pk])),
        "apply_draft": ("get", reverse("calls:apply", args=[p.draft.pk])),
        "candidate": ("get", reverse("calls:candidate", args=[p.own.pk])),
        "candidate_other": ("get", reverse("calls:candidate", args=[p.other.pk])),
        "preselection": ("post", reverse("calls:preselection", args=[p.own.pk])),
        "assign": ("post", reverse("calls:assign", args=[p.own.pk])),
        "review": ("get", reverse("calls:review", args=[p.own.pk])),
        "review_post": ("post", reverse("calls:review", args=[p.own.pk])),
        "conflict": ("post", reverse("calls:conflict", args=[p.own.pk])),
        "decision": ("post", reverse("calls:decision", args=[p.own.pk])),
        "feasibility_list": ("get", reverse("calls:feasibility_list")),
        "feasibility": ("get", reverse("calls:feasibility", args=["ALPHA"])),
        "feasibility_other": ("get", reverse("calls:feasibility", args=["BETA"])),
        "feasibility_post": ("post", reverse("calls:feasibility", args=["ALPHA"])),
        "attachment_add": ("post", reverse("calls:attachment_add", args=["ALPHA"])),
        "attachment": ("get", reverse("calls:attachment", args=[p.attachment.pk])),
    }
    activities = {
        "mobilisation": ("get", reverse("activities:mobilisation", args=["ALPHA"])),
        "mobilisation_other": ("get", reverse("activities:mobilisation", args=["BETA"])),
        "member_add": ("post", reverse("activities:member_add", args=["ALPHA"])),
        "member_delete": ("post", reverse("activities:member_delete", args=[p.member.pk])),
        "meeting_add": ("post", reverse("activities:meeting_add", args=["ALPHA"])),
        "ami_create": ("post", reverse("activities:ami_create", args=["ALPHA"])),
        "ami": ("get", reverse("activities:ami", args=[p.ami.pk])),
        "application_add": ("post", reverse("activities:application_add", args=[p.ami.pk])),
        "application_decide": ("post", reverse("activities:application_decide", args=[p.application.pk])),
        "calendar": ("get", reverse("activities:calendar", args=["ALPHA"])),
        "activity_list": ("get", reverse("activities:activity_list")),
        "activity": ("get", reverse("activities:activity", args=[p.activity.pk])),
        "activity_create": ("get", reverse("activities:activity_create")),
        "activity_create_post": ("post", reverse("activities:activity_create")),
        "activity_edit": ("get", reverse("activities:activity_edit", args=[p.activity.pk])),
        "attendance_add": ("post", reverse("activities:attendance_add", args=[p.activity.pk])),
        "attendance_delete": ("post", reverse("activities:attendance_delete", args=[p.attendance.pk])),
        "events": ("get", reverse("activities:events", args=["ALPHA"])),
        "event_create": ("get", reverse("activities:event_create", args=["ALPHA"])),
        "event_create_post": ("post", reverse("activities:event_create", args=["ALPHA"])),
        "event": ("get", reverse("activities:event", args=[p.own_event.pk])),
        "event_foreign": ("get", reverse("activities:event", args=[p.other_event.pk])),
        "event_edit": ("get", reverse("activities:event_edit", args=[p.own_event.pk])),
        "charter": ("get", reverse("activities:charter", args=["ALPHA"])),
    }
    toolkit = {
        "toolkit": ("get", reverse("toolkit:list")),
        "tool_create": ("get", reverse("toolkit:create")),
        "tool_edit": ("get", reverse("toolkit:edit", args=[p.published.pk])),
        "tool_publish": ("post", reverse("toolkit:publish", args=[p.draft_tool.pk])),
        "tool_download": ("get", reverse("toolkit:download", args=[p.published.pk])),
        "tool_download_draft": ("get", reverse("toolkit:download", args=[p.draft_tool.pk])),
    }
    return calls | activities | toolkit


L = "login"
TEAM_ONLY = [200, 403, 403, 403, 403, L]
TEAM_POST = [302, 403, 403, 403, 403, L]
TEAM_BAD_POST = [400, 403, 403, 403, 403, L]

#                          team  eval  innov member funder anon
EXPECTED = {
    "calls_list": [200, 200, 200, 403, 200, L],
    "call_create": TEAM_ONLY,
    "call_create_post": TEAM_BAD_POST,
    "call_detail": [200, 200, 200, 403, 200, L],
    "call_detail_draft": [200, 403, 403, 403, 403, L],
    "call_edit": TEAM_ONLY,
    "call_status": TEAM_POST,
    "criterion_add": TEAM_BAD_POST,
    "criterion_delete": TEAM_POST,
    "apply": [200, 403, 200, 403, 403, L],
    "apply_post": [400, 403, 400, 403, 403, L],
    "apply_draft": [200, 403, 403, 403, 403, L],
    "candidate": [200, 200, 200, 403, 200, L],
    "candidate_other": [200, 404, 404, 403, 404, L],
    "preselection": TEAM_POST,
    "assign": TEAM_BAD_POST,
    "review": [404, 302, 403, 403, 302, L],
    "review_post": [404, 302, 403, 403, 302, L],
    "conflict": [404, 400, 403, 403, 400, L],
    "decision": TEAM_BAD_POST,
    "feasibility_list": [200, 200, 403, 403, 403, L],
    "feasibility": [200, 200, 200, 403, 403, L],
    "feasibility_other": [200, 200, 403, 403, 403, L],
    "feasibility_post": TEAM_BAD_POST,
    "attachment_add": TEAM_BAD_POST,
    "attachment": [200, 200, 200, 403, 403, L],
    "mobilisation": [200, 200, 200, 403, 403, L],
    "mobilisation_other": [200, 200, 403, 403, 403, L],
    "member_add": TEAM_BAD_POST,
    "member_delete": TEAM_POST,
    "meeting_add": TEAM_BAD_POST,
    "ami_create": TEAM_BAD_POST,
    "ami": [200, 200, 200, 403, 403, L],
    "application_add": TEAM_BAD_POST,
    "application_decide": TEAM_BAD_POST,
    "calendar": [200, 200, 200, 200, 200, L],
    "activity_list": [200, 200, 200, 200, 200, L],
    "activity": [200, 200, 200, 200, 200, L],
    "activity_create": TEAM_ONLY,
    "activity_create_post": TEAM_BAD_POST,
    "activity_edit": TEAM_ONLY,
    "attendance_add": TEAM_BAD_POST,
    "attendance_delete": TEAM_POST,
    "events": [200, 200, 200, 200, 403, L],
    "event_create": [200, 200, 403, 200, 403, L],
    "event_create_post": [400, 400, 403, 400, 403, L],
    "event": [200, 200, 200, 200, 403, L],
    "event_foreign": [200, 200, 200, 404, 403, L],
    "event_edit": [200, 200, 403, 200, 403, L],
    "charter": TEAM_ONLY,
    "toolkit": [200, 200, 200, 200, 200, 200],
    "tool_create": TEAM_ONLY,
    "tool_edit": TEAM_ONLY,
    "tool_publish": TEAM_POST,
    "tool_download": [200, 200, 200, 200, 200, 200],
    "tool_download_draft": [200, 404, 404, 404, 404, 404],
}


def test_matrix_covers_every_page(pipeline):
    assert_matrix_covers_every_page(EXPECTED, pages(pipeline))


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, pipeline, personas, page, role):
    assert_access(client, personas, role, pages(pipeline)[page], EXPECTED[page][ROLES.index(role)])


def test_every_named_url_is_in_the_matrix(pipeline):
    assert_every_named_url_is_in_the_matrix(NAMESPACES, pages(pipeline))
