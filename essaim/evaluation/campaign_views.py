"""The collection campaigns' pages: the list, a new campaign (the team), and where one stands
(the team and evaluators): every expected structure, on time, late, missing or still expected."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from essaim.accounts.perms import is_programme_team, sees_everything
from essaim.core.access import require
from essaim.evaluation import reminders
from essaim.evaluation.campaign_progress import STATES, progress
from essaim.evaluation.campaigns import Campaign, LockException
from essaim.evaluation.enums import Level
from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "innovation", "period_end", "indicators", "opens_on", "deadline", "lock_after_days"]
        widgets = {
            "period_end": DateInput(),
            "opens_on": DateInput(),
            "deadline": DateInput(),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.order_by("code")
        self.fields["innovation"].empty_label = "Toutes les innovations du programme"
        self.fields["indicators"].queryset = (
            Indicator.objects.base().filter(levels__in=[Level.STRUCTURE, Level.BOTH]).order_by("label")
        )


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = LockException
        fields = ["structure", "until", "reason"]
        widgets = {"until": DateInput()}

    def __init__(self, *args, campaign, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=[s.pk for s in structures]).order_by(
            "sort_name"
        )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError("Cette date est passée : l'exception ne servirait à rien.")
        return until


@require_POST
@require(is_programme_team)
def campaign_exception(request, pk):
    """Let one structure enter the campaign's figures after the lock, until a day."""
    campaign = get_object_or_404(Campaign, pk=pk)
    found = progress(campaign)
    form = ExceptionForm(request.POST, campaign=campaign, structures=[u.structure for u in found.units])
    if form.is_valid():
        granted = form.save(commit=False)
        granted.campaign, granted.granted_by = campaign, request.user
        granted.save()
        messages.success(
            request, f"« {granted.structure.name} » peut saisir ces chiffres jusqu'au {granted.until:%d/%m/%Y}."
        )
        return redirect("evaluation:campaign", campaign.pk)
    return detail(request, campaign, found, exception_form=form, status=400)


@require_POST
@require(is_programme_team)
def campaign_remind(request, pk, structure_pk):
    """« Relancer » one structure now: its referents get the reminder at once."""
    campaign = get_object_or_404(Campaign, pk=pk)
    structure = get_object_or_404(Structure, pk=structure_pk)
    reached = reminders.remind_structure(campaign, structure, timezone.localdate(), request.user)
    if reached:
        messages.success(request, f"Relance envoyée à {', '.join(reached)}.")
    else:
        messages.error(
            request,
            f"« {structure.name} » n'a pas de référent actif (ou n'est pas attendue) : personne à relancer. "
            "Invitez son référent depuis la fiche de la structure.",
        )
    back = request.POST.get("suivant", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("evaluation:campaign", campaign.pk)


@require(sees_everything)
def campaign_list(request):
    today = timezone.localdate()
    campaigns = list(Campaign.objects.select_related("innovation"))
    return render(
        request,
        "evaluation/campaigns.html",
        {
            "campaigns": [(c, c.phase(today)) for c in campaigns],
            "can_create": is_programme_team(request.user),
        },
    )


@require(is_programme_team)
def campaign_create(request):
    form = CampaignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.save()
        form.save_m2m()
        messages.success(request, f"Campagne « {campaign.title} » créée.")
        return redirect("evaluation:campaign", campaign.pk)
    return render(request, "evaluation/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


@require(sees_everything)
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("innovation", "created_by"), pk=pk)
    return detail(request, campaign, progress(campaign))


def detail(request, campaign, found, *, exception_form=None, status=200):
    team = is_programme_team(request.user)
    if team and exception_form is None:
        exception_form = ExceptionForm(campaign=campaign, structures=[u.structure for u in found.units])
    return render(
        request,
        "evaluation/campaign.html",
        {
            "exception_form": exception_form if team else None,
            "exceptions": list(campaign.exceptions.select_related("structure", "granted_by")),
            "campaign": campaign,
            "phase": campaign.phase(),
            "progress": found,
            "reminders": list(reminders.recent(campaign)[:50]),
            "can_remind": is_programme_team(request.user) and campaign.phase() != "close",
            "states": [
                (key, label, found.counts[key], found.share(found.counts[key])) for key, label in STATES.items()
            ],
        },
        status=status,
    )
