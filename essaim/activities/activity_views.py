"""Étape III: the swarming activities, their attendance, and an innovation's calendar."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.activities import perms
from essaim.activities.calendar import MONTHS, innovation_entries, month_grid, years_of
from essaim.activities.enums import ActivityKind
from essaim.activities.figures import PROFESSIONALS, professionals_trained
from essaim.activities.forms import ActivityForm, AttendanceForm
from essaim.activities.models import Activity, Attendance, Charter
from essaim.activities.titles import shown_titles
from essaim.core.access import require
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation

ACTIVITIES_PER_PAGE = 50  # the national programme holds some 12,000 activities


def chosen_year(request, years):
    raw = request.GET.get("annee", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


def reported_professionals(innovation, day):
    """The « Professionnels impliqués » cell of the consolidated table, for this innovation: the
    engine run for that one row and that one indicator (a row depends on its innovation only)."""
    indicator = Indicator.objects.filter(code=PROFESSIONALS).first()
    if indicator is None:
        return None
    table = consolidate(day, indicators=[indicator], innovations=[innovation])
    return next((row.cells.get(PROFESSIONALS) for row in table.rows), None)


@require(perms.can_view_calendar)
def calendar(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    user = request.user
    charter = Charter.objects.filter(innovation=innovation).first()
    rules = list(charter.rules.all()) if charter else []
    entries = innovation_entries(
        innovation,
        user,
        with_committee=perms.can_view_mobilisation(user, innovation),
        charter_rules=rules,
        event_filter=perms.event_structure_ids(user, innovation),
    )
    years = years_of(entries)
    year = chosen_year(request, years)
    activities = shown_titles(
        user,
        innovation.activities.select_related("innovation")
        .annotate(n_structures=Count("attendance"), n_professionals=Sum("attendance__professionals"))
        .order_by("starts_on", "title"),
    )
    today = timezone.localdate()
    context = {
        "innovation": innovation,
        "entries": entries,
        "years": years,
        "year": year,
        "months": MONTHS,
        "grid": month_grid(entries, year) if year else [],
        "activities": activities,
        "trained": professionals_trained(innovation),
        "reported": reported_professionals(innovation, today),
        "today": today,
        "can_manage": perms.can_manage_pipeline(user),
        "sees_mobilisation": perms.can_view_mobilisation(user, innovation),
    }
    return render(request, "activities/calendar.html", context)


@require(perms.can_view_calendar)
def activity_list(request):
    """Every activity of the programme, by date, ACTIVITIES_PER_PAGE at a time; the programme's
    own national days included. The filters are kept from page to page."""
    activities = Activity.objects.prefetch_related("innovation")  # a join would widen the sort
    kind = request.GET.get("type", "")
    if kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    years = [day.year for day in Activity.objects.dates("starts_on", "year")]
    year = request.GET.get("annee", "")
    if year.isdigit() and int(year) in years:
        activities = activities.filter(starts_on__year=int(year))
    page = Paginator(activities.order_by("starts_on", "title", "id"), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = shown_titles(request.user, page.object_list)
    counts = {
        row["activity"]: row
        for row in Attendance.objects.filter(activity__in=[a.pk for a in shown])
        .order_by()
        .values("activity")
        .annotate(n_structures=Count("id"), n_professionals=Sum("professionals"))
    }
    for activity in shown:
        found = counts.get(activity.pk, {})
        activity.n_structures = found.get("n_structures", 0)
        activity.n_professionals = found.get("n_professionals")
    context = {
        "activities": shown,
        "page": page,
        "kinds": ActivityKind.choices,
        "kind": kind,
        "years": years,
        "year": year,
        "can_manage": perms.can_manage_pipeline(request.user),
    }
    return render(request, "activities/activity_list.html", context)


def attendance_context(request, activity, form=None):
    shown_titles(request.user, [activity])
    allowed = perms.attendance_structure_ids(request.user, activity.innovation)
    attendance = list(activity.attendance.select_related("structure", "structure__departement"))
    shown = attendance if allowed is None else [a for a in attendance if a.structure_id in allowed]
    known = [a.professionals for a in attendance if a.professionals is not None]
    context = {
        "activity": activity,
        "attendance": shown,
        "hidden": len(attendance) - len(shown),
        "n_structures": len(attendance),
        "n_professionals": sum(known) if known else None,
        "n_known": len(known),
        "can_manage": perms.can_manage_pipeline(request.user),
    }
    if context["can_manage"]:
        context["form"] = form or AttendanceForm(activity=activity)
    return context


@require(perms.can_view_calendar)
def activity_detail(request, pk):
    activity = get_object_or_404(
        Activity.objects.select_related("innovation", "innovation__porteur", "departement", "source"), pk=pk
    )
    return render(request, "activities/activity.html", attendance_context(request, activity))


@require(perms.can_manage_pipeline)
def activity_create(request):
    initial = {}
    code = request.GET.get("innovation", "")
    innovation = Innovation.objects.filter(code=code).first() if code else None
    if innovation is not None:
        initial["innovation"] = innovation.pk
    kind = request.GET.get("type", "")
    if kind in ActivityKind.values:
        initial["kind"] = kind
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        messages.success(request, f"Activité « {activity.title} » enregistrée.")
        return redirect("activities:activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/activity_form.html", {"form": form, "innovation": innovation}, status=status)


@require(perms.can_manage_pipeline)
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("innovation"), pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Activité mise à jour.")
        return redirect("activities:activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "activity": activity, "innovation": activity.innovation}
    return render(request, "activities/activity_form.html", context, status=status)


@require_POST
@require(perms.can_manage_pipeline)
def attendance_add(request, pk):
    """Record a structure's attendance, or correct it if it is already recorded."""
    activity = get_object_or_404(Activity.objects.select_related("innovation"), pk=pk)
    structure_id = request.POST.get("structure", "")
    existing = (
        Attendance.objects.filter(activity=activity, structure_id=structure_id).first()
        if structure_id.isdigit()
        else None
    )
    form = AttendanceForm(request.POST, activity=activity, instance=existing)
    if form.is_valid():
        attendance = form.save()
        messages.success(request, f"Présence de {attendance.structure} enregistrée.")
        return redirect("activities:activity", pk=activity.pk)
    return render(request, "activities/activity.html", attendance_context(request, activity, form), status=400)


@require_POST
@require(perms.can_manage_pipeline)
def attendance_delete(request, pk):
    attendance = get_object_or_404(Attendance.objects.select_related("structure"), pk=pk)
    attendance.delete()
    messages.success(request, f"La présence de {attendance.structure} est retirée.")
    return redirect("activities:activity", pk=attendance.activity_id)
