"""An adoption's life in pages: its status history, a new status (dated, with its reason and
who recorded it), its wave. Reached from the innovation's page and from the structure's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.core.history import record
from essaim.swarming import perms
from essaim.swarming.forms import StatusChangeForm, WaveForm
from essaim.swarming.models import StatusChange

BACK = "retour"  # the page the user came from, where a saved change sends them back


def get_adoption(request, pk):
    adoptions = perms.visible_adoptions(request.user).select_related(
        "innovation", "structure", "structure__departement", "wave_led_by", "source"
    )
    return get_object_or_404(adoptions, pk=pk)


def back_url(request, adoption):
    """Where to go after a change: the page the user came from (of this site), else the innovation's."""
    url = request.POST.get(BACK) or request.GET.get(BACK) or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("innovations:detail", args=[adoption.innovation.code])


def status_form(request, adoption, data=None):
    return StatusChangeForm(data, statuses=perms.statuses_for(request.user), current=adoption.status)


def page(request, adoption, form=None, wave_form=None, status=200):
    context = {
        "adoption": adoption,
        "history": adoption.status_changes.select_related("recorded_by", "source").order_by("-on", "-id"),
        "form": form or status_form(request, adoption),
        "wave_form": wave_form or (WaveForm(instance=adoption) if perms.can_change_wave(request.user) else None),
        "back": back_url(request, adoption),
        "evaluator_only": not perms.can_change_wave(request.user),
    }
    return render(request, "swarming/adoption.html", context, status=status)


@require(perms.can_change_status)
def adoption(request, pk):
    """The adoption's history; a POST records its new status."""
    adoption = get_adoption(request, pk)
    if request.method != "POST":
        return page(request, adoption)
    form = status_form(request, adoption, request.POST)
    if form.is_valid():
        try:
            record(
                StatusChange,
                adoption,
                form.cleaned_data["status"],
                form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            day = date_format(form.cleaned_data["on"], "j F Y")
            messages.success(
                request,
                f"{adoption.structure} — {adoption.innovation.name} : « {adoption.get_status_display()} » "
                f"depuis le {day}.",
            )
            return redirect(back_url(request, adoption))
    return page(request, adoption, form=form, status=400)


@require_POST
@require(perms.can_change_wave)
def change_wave(request, pk):
    adoption = get_adoption(request, pk)
    form = WaveForm(request.POST, instance=adoption)
    if form.is_valid():
        form.save()
        messages.success(request, f"{adoption.structure} — {adoption.innovation.name} : vague enregistrée.")
        return redirect(back_url(request, adoption))
    return page(request, adoption, wave_form=form, status=400)
