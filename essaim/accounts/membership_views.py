"""The team's page of the programme's people: who holds which membership, since when, who gave
it; change a role or end a membership (ending keeps it: who had access when)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.accounts.enums import PROGRAMME_ROLES, Role
from essaim.accounts.models import Membership
from essaim.accounts.perms import is_programme_team
from essaim.core.access import require


class ChangeForm(forms.Form):
    role = forms.ChoiceField(label="Nouveau rôle", choices=Role.choices)
    is_lead = forms.BooleanField(label="Référent / responsable", required=False)


def of_programme(request):
    return Membership.objects.filter(programme=request.programme).select_related(
        "user", "structure", "created_by", "ended_by"
    )


@require(is_programme_team)
def people(request):
    memberships = of_programme(request).order_by("ended_at", "user__email", "role")
    active = [m for m in memberships if m.ended_at is None]
    ended = [m for m in memberships if m.ended_at is not None]
    return render(request, "accounts/people.html", {"active": active, "ended": ended, "form": ChangeForm()})


@require_POST
@require(is_programme_team)
def end(request, pk):
    membership = get_object_or_404(of_programme(request).filter(ended_at=None), pk=pk)
    if membership.user_id == request.user.pk and membership.role == Role.PROGRAMME_TEAM:
        messages.error(request, "Vous ne pouvez pas mettre fin à votre propre appartenance à l'équipe.")
        return redirect("accounts:people")
    Membership.objects.filter(pk=membership.pk, ended_at=None).update(ended_at=timezone.now(), ended_by=request.user)
    messages.success(request, f"{membership.user} : fin de l'appartenance « {membership.label} ».")
    return redirect("accounts:people")


@require_POST
@require(is_programme_team)
def change(request, pk):
    """A new role is a new membership: the old one ends, so the history says who had which when."""
    membership = get_object_or_404(of_programme(request).filter(ended_at=None), pk=pk)
    form = ChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle dans la liste.")
        return redirect("accounts:people")
    role, is_lead = form.cleaned_data["role"], form.cleaned_data["is_lead"]
    structure = None if role in PROGRAMME_ROLES else membership.structure
    if role not in PROGRAMME_ROLES and structure is None:
        messages.error(request, "Ce rôle se tient dans une structure : invitez la personne dans sa structure.")
        return redirect("accounts:people")
    if membership.user_id == request.user.pk and membership.role == Role.PROGRAMME_TEAM:
        messages.error(request, "Vous ne pouvez pas changer votre propre rôle dans l'équipe.")
        return redirect("accounts:people")
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(ended_at=timezone.now(), ended_by=request.user)
        new = Membership.objects.create(
            user=membership.user,
            programme=membership.programme,
            role=role,
            structure=structure,
            is_lead=is_lead and role not in PROGRAMME_ROLES,
            created_by=request.user,
        )
    messages.success(request, f"{membership.user} : désormais {new.role_label}.")
    return redirect("accounts:people")
