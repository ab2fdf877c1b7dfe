"""Feasibility studies: every innovation's study, one study in its five parts, its attachments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.calls import perms
from essaim.calls.enums import STUDY_SECTIONS
from essaim.calls.forms import AttachmentForm, FeasibilityForm
from essaim.calls.models import FeasibilityStudy, StudyAttachment
from essaim.core.access import require
from essaim.core.documents import download
from essaim.innovations.models import Innovation
from essaim.innovations.perms import can_view_innovations


@require(perms.can_list_feasibility)
def study_list(request):
    innovations = Innovation.objects.select_related("porteur", "feasibility_study").order_by("entered_on", "code")
    return render(request, "calls/feasibility_list.html", {"innovations": innovations})


def study_context(request, innovation, study, form=None, attachment_form=None):
    editable = perms.can_edit_feasibility(request.user)
    context = {
        "innovation": innovation,
        "study": study,
        "sections": [
            (title, help_text, getattr(study, field) if study else "") for field, title, help_text in STUDY_SECTIONS
        ],
        "attachments": list(study.attachments.select_related("uploaded_by")) if study else [],
        "editable": editable,
    }
    if editable:
        instance = study or FeasibilityStudy(innovation=innovation)
        context["form"] = form or FeasibilityForm(instance=instance)
        if study is not None:
            context["attachment_form"] = attachment_form or AttachmentForm(study=study)
    return context


def get_innovation(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    if not perms.can_view_feasibility(request.user, innovation):
        raise PermissionDenied
    return innovation


@require(can_view_innovations)
def study(request, code):
    innovation = get_innovation(request, code)
    study = FeasibilityStudy.objects.filter(innovation=innovation).select_related("source").first()
    if request.method != "POST":
        return render(request, "calls/feasibility.html", study_context(request, innovation, study))
    if not perms.can_edit_feasibility(request.user):
        raise PermissionDenied
    form = FeasibilityForm(request.POST, instance=study or FeasibilityStudy(innovation=innovation))
    if form.is_valid():
        form.save()
        messages.success(request, "Étude de faisabilité enregistrée.")
        return redirect("calls:feasibility", code=innovation.code)
    context = study_context(request, innovation, study, form=form)
    return render(request, "calls/feasibility.html", context, status=400)


@require_POST
@require(perms.can_edit_feasibility)
def attachment_add(request, code):
    innovation = get_innovation(request, code)
    study = get_object_or_404(FeasibilityStudy, innovation=innovation)
    form = AttachmentForm(request.POST, request.FILES, study=study)
    if form.is_valid():
        attachment = form.save(commit=False)
        attachment.uploaded_by = request.user
        attachment.save()
        messages.success(request, f"« {attachment.title} » est joint à l'étude.")
        return redirect("calls:feasibility", code=innovation.code)
    context = study_context(request, innovation, study, attachment_form=form)
    return render(request, "calls/feasibility.html", context, status=400)


@require(can_view_innovations)
def attachment(request, pk):
    item = get_object_or_404(StudyAttachment.objects.select_related("study__innovation__porteur"), pk=pk)
    if not perms.can_view_feasibility(request.user, item.study.innovation):
        raise PermissionDenied
    return download(item.file, item.title)
