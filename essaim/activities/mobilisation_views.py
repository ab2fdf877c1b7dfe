"""Étape II: the operational steering committee, awareness actions, AMIs and the selection of
the structures that will adopt the innovation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.activities import perms, selection
from essaim.activities.enums import ActivityKind, ApplicationStatus
from essaim.activities.forms import (
    ApplicationDecisionForm,
    ApplicationForm,
    CommitteeMeetingForm,
    CommitteeMemberForm,
    StructureCallForm,
)
from essaim.activities.models import Application, CommitteeMember, StructureCall
from essaim.activities.titles import shown_titles
from essaim.core.access import require
from essaim.innovations.models import Innovation
from essaim.innovations.perms import can_view_innovations


def form_errors(form, error):
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def mobilisation_innovation(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    if not perms.can_view_mobilisation(request.user, innovation):
        raise PermissionDenied
    return innovation


def mobilisation_context(request, innovation, **forms):
    calls = innovation.structure_calls.annotate(
        n_applications=Count("applications"),
        n_selected=Count("applications", filter=Q(applications__status=ApplicationStatus.SELECTED)),
    )
    context = {
        "innovation": innovation,
        "members": innovation.committee_members.all(),
        "meetings": innovation.committee_meetings.select_related("source"),
        "awareness": shown_titles(
            request.user,
            innovation.activities.filter(kind=ActivityKind.AWARENESS)
            .select_related("innovation")
            .prefetch_related("attendance"),
        ),
        "calls": calls,
        "can_manage": perms.can_manage_pipeline(request.user),
    }
    if context["can_manage"]:
        context["member_form"] = forms.get("member_form") or CommitteeMemberForm()
        context["meeting_form"] = forms.get("meeting_form") or CommitteeMeetingForm()
        context["call_form"] = forms.get("call_form") or StructureCallForm()
    return context


@require(can_view_innovations)
def mobilisation(request, code):
    innovation = mobilisation_innovation(request, code)
    return render(request, "activities/mobilisation.html", mobilisation_context(request, innovation))


def add_to_innovation(request, code, form_class, key, success):
    innovation = get_object_or_404(Innovation, code=code)
    form = form_class(request.POST)
    form.instance.innovation = innovation
    if form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect("activities:mobilisation", code=innovation.code)
    context = mobilisation_context(request, innovation, **{key: form})
    return render(request, "activities/mobilisation.html", context, status=400)


@require_POST
@require(perms.can_manage_pipeline)
def member_add(request, code):
    return add_to_innovation(request, code, CommitteeMemberForm, "member_form", "Membre ajouté au comité de pilotage.")


@require_POST
@require(perms.can_manage_pipeline)
def member_delete(request, pk):
    member = get_object_or_404(CommitteeMember.objects.select_related("innovation"), pk=pk)
    member.delete()
    messages.success(request, f"{member} ne figure plus au comité de pilotage.")
    return redirect("activities:mobilisation", code=member.innovation.code)


@require_POST
@require(perms.can_manage_pipeline)
def meeting_add(request, code):
    return add_to_innovation(
        request, code, CommitteeMeetingForm, "meeting_form", "Réunion du comité de pilotage enregistrée."
    )


@require_POST
@require(perms.can_manage_pipeline)
def ami_create(request, code):
    return add_to_innovation(
        request, code, StructureCallForm, "call_form", "Appel à manifestation d'intérêt enregistré."
    )


def ami_context(request, call, **forms):
    applications = call.applications.select_related("structure", "structure__departement", "adoption").prefetch_related(
        "adoption__status_changes"
    )
    context = {
        "call": call,
        "innovation": call.innovation,
        "applications": applications,
        "can_manage": perms.can_manage_pipeline(request.user),
        "statuses": ApplicationStatus,
    }
    if context["can_manage"]:
        context["application_form"] = forms.get("application_form") or ApplicationForm(call=call)
        context["decision_form"] = forms.get("decision_form") or ApplicationDecisionForm()
        context["failed"] = forms.get("failed")
    return context


@require(can_view_innovations)
def ami(request, pk):
    call = get_object_or_404(StructureCall.objects.select_related("innovation", "innovation__porteur"), pk=pk)
    if not perms.can_view_mobilisation(request.user, call.innovation):
        raise PermissionDenied
    return render(request, "activities/ami.html", ami_context(request, call))


@require_POST
@require(perms.can_manage_pipeline)
def application_add(request, pk):
    call = get_object_or_404(StructureCall.objects.select_related("innovation"), pk=pk)
    form = ApplicationForm(request.POST, call=call)
    if form.is_valid():
        with transaction.atomic():
            application = form.save(commit=False)
            application.recorded_by = request.user
            application.save()
        messages.success(request, f"Candidature de {application.structure} enregistrée.")
        return redirect("activities:ami", pk=call.pk)
    return render(request, "activities/ami.html", ami_context(request, call, application_form=form), status=400)


ACTIONS = {"select": selection.select, "decline": selection.decline, "undo": selection.undo}
DONE = {
    "select": "{} est retenue : son essaimage est créé (candidate, puis retenue).",
    "decline": "{} n'est pas retenue.",
    "undo": "La décision sur {} est annulée ; l'historique de son essaimage la garde.",
}


@require_POST
@require(perms.can_manage_pipeline)
def application_decide(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call__innovation", "structure", "adoption"), pk=pk
    )
    form = ApplicationDecisionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["decision"]
        try:
            ACTIONS[action](application, form.cleaned_data["on"], user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, DONE[action].format(application.structure))
            return redirect("activities:ami", pk=application.call_id)
    context = ami_context(request, application.call, decision_form=form, failed=application)
    return render(request, "activities/ami.html", context, status=400)
