from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.core.cache import data_version, rendered
from essaim.core.cache import enabled as cache_enabled
from essaim.core.history import record
from essaim.core.slots import fill
from essaim.evaluation.consolidation import expected_units
from essaim.evaluation.measures import adoption_life
from essaim.evaluation.perms import can_send_figures, can_view_completeness
from essaim.innovations import perms
from essaim.innovations.enums import Step
from essaim.innovations.forms import InnovationForm, StepChangeForm
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.swarming.perms import can_change_status, sees_every_adoption, visible_adoptions

ADOPTIONS_PER_PAGE = 25  # a national innovation has hundreds; a page shows them by 25


@require(perms.can_view_innovations)
def innovation_list(request):
    innovations = list(Innovation.objects.select_related("porteur").order_by("entered_on", "code"))
    followed = expected_units(timezone.localdate())
    for innovation in innovations:
        innovation.followed = len(followed.get(innovation.pk, ()))
    context = {"innovations": innovations, "can_create": perms.can_create_innovation(request.user)}
    return render(request, "innovations/list.html", context)


SUMMARY_PARTS = {
    "status_bar": "reports/_status_bar.html",
    "life": "innovations/_life.html",
    "departements": "innovations/_departements.html",
    "steps": "innovations/_steps.html",
}


ADOPTION_PARTS = {"table": "innovations/_adoptions.html"}


def summary_context(innovation, today):
    """What every reader of the innovation's page sees: adoptions by status, what became of the
    structures trained and the drop-outs (counted by the engine, evaluation/measures.py),
    départements covered by the structures followed (those the engine expects; structures
    without a département counted apart), steps."""
    units = expected_units(today, [innovation.pk])
    life = adoption_life(innovation, today, units)
    counts = innovation.adoptions.count_by_status()
    per_departement = (
        Structure.objects.filter(pk__in=units.get(innovation.pk, ()), departement__isnull=False)
        .order_by("departement__code")
        .values_list("departement__code", "departement__name")
        .annotate(n=Count("id"))
    )
    departements = [{"code": code, "name": name, "n": n} for code, name, n in per_departement]
    return {
        "innovation": innovation,
        "counts": counts,
        "total": sum(status["count"] for status in counts),
        "departements": departements,
        "n_without_departement": life.still_in - sum(d["n"] for d in departements),
        "steps": innovation.step_changes.select_related("source"),
        "life": life,
    }


def detail_context(request, innovation, form=None):
    version = data_version() if cache_enabled() else None
    n_adoptions = innovation.adoptions.count()
    shown = (
        visible_adoptions(request.user)
        .filter(innovation=innovation)
        .select_related("structure", "structure__departement", "source", "wave_led_by")
        .prefetch_related("status_changes")
        .order_by("since", "structure__sort_name", "pk")
    )
    paginator = Paginator(shown, ADOPTIONS_PER_PAGE)
    everything = sees_every_adoption(request.user)
    if everything:
        paginator.count = n_adoptions  # the same adoptions: no second count
    page = paginator.get_page(request.GET.get("page"))
    changes = can_change_status(request.user)
    back = request.path if page.number == 1 else f"{request.path}?page={page.number}"
    table_context = {"adoptions": page, "can_change_status": changes, "back": back}
    if not paginator.count:
        adoption_table = ""
    elif everything:  # the same page for every such reader; its rows are read only to render it again
        key = (innovation.pk, page.number, changes)
        parts = rendered("innovation_adoptions", key, ADOPTION_PARTS, lambda: table_context, version)
        adoption_table = parts["table"]
    else:
        adoption_table = render_to_string(ADOPTION_PARTS["table"], table_context)
    today = timezone.localdate()
    summary = rendered(
        "innovation_summary",
        (innovation.pk, today),
        SUMMARY_PARTS,
        lambda: summary_context(innovation, today),
        version,
    )
    return {
        "innovation": innovation,
        "parts": summary,
        "n_adoptions": n_adoptions,
        "adoptions": page,
        "adoption_table": adoption_table,
        "adoptions_hidden": n_adoptions - paginator.count,
        "can_change_step": perms.can_change_step(request.user),
        "can_view_completeness": can_view_completeness(request.user, innovation),
        "can_send_figures": can_send_figures(request.user, innovation),
        "step_form": form or StepChangeForm(initial={"step": Step.following(innovation.step)}, innovation=innovation),
        "beside_adoptions": fill("innovation_adoptions", request, innovation),
    }


@require(perms.can_create_innovation)
def innovation_create(request):
    """The programme team records a new innovation; it enters the method at identification."""
    form = InnovationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                innovation = form.save()
                record(StepChange, innovation, Step.IDENTIFICATION, innovation.entered_on, user=request.user)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error("entered_on" if field == "on" else None, message)
        else:
            messages.success(request, f"L'innovation {innovation.name} est enregistrée, à l'étape « Identification ».")
            return redirect("innovations:detail", code=innovation.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "innovations/create.html", {"form": form}, status=status)


def get_innovation(code):
    return get_object_or_404(Innovation.objects.select_related("porteur", "porteur__departement", "source"), code=code)


@require(perms.can_view_innovations)
def innovation_detail(request, code):
    innovation = get_innovation(code)
    return render(request, "innovations/detail.html", detail_context(request, innovation))


@require_POST
@require(perms.can_change_step)
def change_step(request, code):
    innovation = get_innovation(code)
    form = StepChangeForm(request.POST, innovation=innovation)
    if form.is_valid():
        try:
            record(
                StepChange,
                innovation,
                form.cleaned_data["step"],
                form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"{innovation.name} est passée à l'étape « {innovation.get_step_display()} ».")
            return redirect("innovations:detail", code=innovation.code)
    context = detail_context(request, innovation, form)
    return render(request, "innovations/detail.html", context, status=400)
