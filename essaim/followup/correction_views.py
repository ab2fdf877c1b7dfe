"""Correcting a situation typed wrong, from the person's file: the same rules as a new one, the
change kept in the history (who, when, before, after) and written in the access journal."""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render

from essaim.core.access import require
from essaim.followup.enums import Action, Milestone
from essaim.followup.forms import SituationForm, report_errors
from essaim.followup.models import Situation, log_access, situation_errors
from essaim.followup.people_views import person_or_404
from essaim.followup.perms import can_follow_people

FIELDS = ("on", "milestone", "subtype", "contract_months")


def correction_form(situation, data=None):
    enrolment = situation.enrolment
    initial = {
        "enrolment": enrolment.pk,
        "milestone": situation.milestone,
        "on": situation.on if situation.milestone == Milestone.OTHER else None,
        "subtype": situation.subtype,
        "contract_months": situation.contract_months,
    }
    if data is not None:
        data = data.copy()
        data["enrolment"] = enrolment.pk
    form = SituationForm(data, enrolments=[enrolment], initial=initial)
    form.fields["enrolment"].widget = forms.HiddenInput()
    return form


def signature(situation):
    """The situation as the form showed it: a correction of something that changed since is refused."""
    return "|".join(str(getattr(situation, name) or "") for name in FIELDS)


STALE = (
    "Cette situation a été modifiée entre-temps (ce qui est enregistré maintenant est rappelé ci-dessus) : "
    "vérifiez votre correction et enregistrez-la à nouveau."
)


@require(can_follow_people)
def situation_change(request, pk, situation):
    """GET: the situation in a form; POST: save the correction (checked as a new one would be)."""
    beneficiary = person_or_404(request, pk)
    queryset = Situation.objects.select_related("enrolment__innovation")
    situation = get_object_or_404(queryset, pk=situation, enrolment__beneficiary=beneficiary)
    form = correction_form(situation, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and save(request, beneficiary, situation, form):
        return redirect("followup:person", beneficiary.pk)
    log_access(request.user, Action.DETAIL, structure=beneficiary.structure, beneficiary=beneficiary)
    context = {
        "person": beneficiary,
        "structure": beneficiary.structure,
        "situation": situation,
        "signature": signature(situation),
        "form": form,
    }
    return render(request, "followup/situation_form.html", context, status=400 if form.errors else 200)


def save(request, beneficiary, situation, form):
    """Save a valid correction of `situation`, unless it changed since the form showed it; False
    with the errors put on the form. The situation's row is locked from the check to the write."""
    enrolment = situation.enrolment
    values = {name: form.cleaned_data.get(name) for name in FIELDS}
    try:
        with transaction.atomic():
            locked = Situation.objects.select_for_update().get(pk=situation.pk)
            if request.POST.get("avant") != signature(locked):
                for name in FIELDS:
                    setattr(situation, name, getattr(locked, name))
                form.add_error(None, STALE)
                return False
            if all(getattr(locked, name) == value for name, value in values.items()):
                messages.info(request, "Situation inchangée : rien n'est enregistré.")
                return True
            others = list(enrolment.situations.exclude(pk=locked.pk).values_list("on", "milestone", "category"))
            on, milestone, subtype, months = (values[name] for name in FIELDS)
            errors = situation_errors(enrolment, on, milestone, subtype, months, others)
            if errors:
                report_errors(form, errors)
                return False
            for name, value in values.items():
                setattr(locked, name, value)
            locked._history_user = request.user
            locked.save()
            enrolment.refresh_outcomes()
            log_access(request.user, Action.CHANGE_SITUATION, structure=beneficiary.structure, beneficiary=beneficiary)
    except IntegrityError:
        form.add_error(None, "Cette situation vient d'être modifiée par ailleurs : rechargez la fiche.")
        return False
    messages.success(request, f"Situation du {locked.on:%d/%m/%Y} corrigée : {locked.get_category_display()}.")
    return True
