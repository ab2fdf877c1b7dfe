"""An innovation's evaluation plan: its three phases, their dates, collection methods, status and
phase reports (upload by the team and evaluators, download by those who see the structures)."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.grids import perms, plans
from essaim.grids.forms import PhaseForm, PlanCreateForm
from essaim.grids.models import EvaluationPhase
from essaim.grids.validators import REPORT_MAX_BYTES, REPORT_TYPES, megabytes
from essaim.grids.views import get_innovation
from essaim.imports.upload_flow import ENVELOPE, content_length, drop_body


def phase_forms(plan, post=None, files=None, editing=None):
    """A form per planned phase (bound only for the phase being edited)."""
    dates = {n: p.planned_on for n, p in plan.items() if p is not None}
    forms = {}
    for number, phase in plan.items():
        if phase is None:
            continue
        others = {n: d for n, d in dates.items() if n != number}
        bound = post is not None and number == editing
        forms[number] = PhaseForm(
            post if bound else None,
            files if bound else None,
            instance=phase,
            others=others,
            prefix=f"phase{number}",
        )
    return forms


def render_plan(request, innovation, plan, forms=None, create_form=None, status=200):
    can_manage = perms.can_manage_evaluation(request.user)
    end = plans.training_end(innovation)
    context = {
        "innovation": innovation,
        "plan": plan,
        "rows": [(n, p, (forms or {}).get(n)) for n, p in plan.items()],
        "can_manage": can_manage,
        "can_download": perms.can_download_report(request.user, innovation),
        "training_end": end,
        "defaults": plans.default_dates(end) if end else None,
        "create_form": create_form or PlanCreateForm(initial={"training_end": end}),
        "missing": [n for n, p in plan.items() if p is None],
        "standing": plans.standings().get(innovation.pk),
    }
    return render(request, "grids/plan.html", context, status=status)


def conflict(phase, version):
    if version and version != phase.updated_at.isoformat():
        who = phase.updated_by or "quelqu'un d'autre"
        when = date_format(timezone.localtime(phase.updated_at), "SHORT_DATETIME_FORMAT")
        return f"Modifiée par {who} le {when} pendant votre saisie : vérifiez la phase puis enregistrez à nouveau."
    return None


@csrf_exempt  # an oversized upload is refused before its body is read; csrf_protect then applies
@require(perms.can_open_evaluation)
def plan_page(request, code):
    innovation = get_innovation(code)
    plan = plans.plan_of(innovation)
    if request.method != "POST":
        can_manage = perms.can_manage_evaluation(request.user)
        return render_plan(request, innovation, plan, phase_forms(plan) if can_manage else None)
    if not perms.can_manage_evaluation(request.user):
        raise PermissionDenied
    length = content_length(request)
    if length > REPORT_MAX_BYTES + ENVELOPE:
        drop_body(request, length)
        messages.error(
            request,
            f"Fichier trop volumineux ({megabytes(length)} Mo) : {REPORT_MAX_BYTES // 1024 // 1024} Mo au plus. "
            "Rien n'a été enregistré.",
        )
        return render_plan(request, innovation, plan, phase_forms(plan), status=400)
    return save_phase(request, innovation, plan)


@csrf_protect
def save_phase(request, innovation, plan):
    code = innovation.code
    raw = request.POST.get("phase", "")
    number = int(raw) if raw.isdigit() else None
    if number not in plan or plan[number] is None:
        messages.error(request, "Cette phase n'est pas au plan : créez d'abord le plan.")
        return redirect("grids:plan", code=code)
    forms = phase_forms(plan, request.POST, request.FILES, editing=number)
    form = forms[number]
    if form.is_valid():
        message = conflict(plan[number], form.cleaned_data.get("version"))
        if message:
            form.add_error(None, message)
    if not form.is_valid():
        return render_plan(request, innovation, plan, forms, status=400)
    phase = form.save(commit=False)
    if "report" in form.changed_data and phase.report:
        phase.report_name = Path(request.FILES[f"phase{number}-report"].name).name[:200]
    phase.updated_by, phase.updated_at = request.user, timezone.now()
    phase._history_user = request.user
    phase.save()
    messages.success(request, f"Phase {number} enregistrée.")
    return redirect("grids:plan", code=code)


@require_POST
@require(perms.can_manage_evaluation)
def plan_create(request, code):
    """Add the missing phases, 6, 12 and 18 months after the end of the training."""
    innovation = get_innovation(code)
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        return render_plan(request, innovation, plans.plan_of(innovation), create_form=form, status=400)
    created = plans.create_plan(innovation, form.cleaned_data["training_end"], request.user)
    if created:
        messages.success(
            request, f"{created} phase{'s' if created > 1 else ''} ajoutée{'s' if created > 1 else ''} au plan."
        )
    else:
        messages.info(request, "Le plan a déjà ses trois phases.")
    return redirect("grids:plan", code=code)


@require(perms.can_open_evaluation)
def report_download(request, code, number):
    innovation = get_innovation(code)
    if not perms.can_download_report(request.user, innovation):
        raise PermissionDenied
    phase = EvaluationPhase.objects.filter(innovation=innovation, number=number).first()
    if phase is None or not phase.report:
        raise Http404("Pas de rapport pour cette phase.")
    suffix = Path(phase.report.name).suffix.lower()
    content_type = REPORT_TYPES.get(suffix, ("", "application/octet-stream"))[1]
    name = phase.report_name or f"rapport-{innovation.code}-phase-{number}{suffix}"
    try:
        handle = phase.report.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Le fichier du rapport est introuvable.") from None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
