"""Events an innovation runs in the field, each checked against the innovation's charter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from essaim.accounts.perms import sees_everything
from essaim.activities import perms
from essaim.activities.forms import CharterForm, EventForm
from essaim.activities.models import Charter, CharterRule, Event, Tool
from essaim.core.access import require
from essaim.innovations.models import Innovation
from essaim.innovations.perms import can_view_innovations
from essaim.organizations.models import Structure


def charter_of(innovation):
    charter = Charter.objects.filter(innovation=innovation).select_related("tool", "source").first()
    return charter, (list(charter.rules.all()) if charter else [])


def checked(events, rules):
    rows = []
    for event in events:
        checks = event.check_charter(rules)
        states = {c.state for c in checks}
        verdict = "broken" if "broken" in states else "unknown" if "unknown" in states else "ok" if checks else ""
        rows.append({"event": event, "checks": checks, "verdict": verdict})
    return rows


def events_innovation(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    if not perms.can_open_events(request.user, innovation):
        raise PermissionDenied
    return innovation


@require(can_view_innovations)
def event_list(request, code):
    innovation = events_innovation(request, code)
    charter, rules = charter_of(innovation)
    events = innovation.events.select_related("organiser", "departement", "source")
    allowed = perms.event_structure_ids(request.user, innovation)
    if allowed is not None:
        events = events.filter(organiser_id__in=allowed)
    rows = checked(events, rules)
    context = {
        "innovation": innovation,
        "charter": charter,
        "rules": rules,
        "rows": rows,
        "n_broken": sum(1 for r in rows if r["verdict"] == "broken"),
        "can_record": perms.can_record_events(request.user, innovation),
        "can_manage": perms.can_manage_pipeline(request.user),
        "partial": allowed is not None,
    }
    return render(request, "activities/events.html", context)


def organisers(user, innovation):
    adopters = Structure.objects.filter(adoptions__innovation=innovation).distinct()
    allowed = perms.event_structure_ids(user, innovation)
    return adopters if allowed is None else adopters.filter(pk__in=allowed)


@require(can_view_innovations)
def event_create(request, code):
    innovation = get_object_or_404(Innovation, code=code)
    if not perms.can_record_events(request.user, innovation):
        raise PermissionDenied
    choices = organisers(request.user, innovation)
    form = EventForm(request.POST or None, innovation=innovation, organisers=choices)
    if not sees_everything(request.user):
        form.fields["organiser"].required = True
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, f"« {event.title} » est enregistré.")
        return redirect("activities:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/event_form.html", {"form": form, "innovation": innovation}, status=status)


def visible_event(request, pk):
    event = get_object_or_404(
        Event.objects.select_related("innovation", "innovation__porteur", "organiser", "departement", "source"), pk=pk
    )
    if not perms.can_open_events(request.user, event.innovation):
        raise PermissionDenied
    allowed = perms.event_structure_ids(request.user, event.innovation)
    if allowed is not None and event.organiser_id not in allowed:
        raise Http404("Événement introuvable.")
    return event


@require(can_view_innovations)
def event_detail(request, pk):
    event = visible_event(request, pk)
    charter, rules = charter_of(event.innovation)
    context = {
        "event": event,
        "innovation": event.innovation,
        "charter": charter,
        "row": checked([event], rules)[0],
        "can_edit": perms.can_edit_event(request.user, event),
    }
    return render(request, "activities/event.html", context)


@require(can_view_innovations)
def event_edit(request, pk):
    event = visible_event(request, pk)
    if not perms.can_edit_event(request.user, event):
        raise PermissionDenied
    choices = organisers(request.user, event.innovation)
    form = EventForm(request.POST or None, instance=event, innovation=event.innovation, organisers=choices)
    if not sees_everything(request.user):
        form.fields["organiser"].required = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Événement mis à jour.")
        return redirect("activities:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "innovation": event.innovation, "event": event}
    return render(request, "activities/event_form.html", context, status=status)


@require(perms.can_manage_pipeline)
def charter(request, code):
    innovation = get_object_or_404(Innovation, code=code)
    instance = Charter.objects.filter(innovation=innovation).first() or Charter(innovation=innovation)
    tools = Tool.objects.filter(innovation=innovation)
    form = CharterForm(request.POST or None, instance=instance, tools=tools)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            for measure, minimum in form.minimums().items():
                if minimum is None:
                    saved.rules.filter(measure=measure).delete()
                else:
                    CharterRule.objects.update_or_create(charter=saved, measure=measure, defaults={"minimum": minimum})
        messages.success(request, "Charte enregistrée : chaque événement est vérifié avec ses règles.")
        return redirect("activities:events", code=innovation.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/charter.html", {"form": form, "innovation": innovation}, status=status)
