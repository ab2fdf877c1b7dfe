from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.core.history import record
from essaim.evaluation.perms import can_send_figures, can_view_completeness
from essaim.innovations import perms
from essaim.innovations.enums import Step
from essaim.innovations.forms import InnovationForm, StepChangeForm
from essaim.innovations.models import Innovation, StepChange
from essaim.swarming.enums import AdoptionStatus
from essaim.swarming.perms import visible_adoptions
from essaim.territories.models import Departement

ADOPTIONS_PER_PAGE = 25  # a national innovation has hundreds; a page shows them by 25


@require(perms.can_view_innovations)
def innovation_list(request):
    innovations = (
        Innovation.objects.select_related("porteur")
        .annotate(n_counted=Count("adoptions", filter=Q(adoptions__status__in=AdoptionStatus.counted())))
        .order_by("entered_on", "code")
    )
    context = {"innovations": innovations, "can_create": perms.can_create_innovation(request.user)}
    return render(request, "innovations/list.html", context)


def detail_context(request, innovation, form=None):
    adoptions = innovation.adoptions.all()
    counted = adoptions.filter(status__in=AdoptionStatus.counted())
    departements = (
        Departement.objects.filter(structures__adoptions__in=counted)
        .annotate(n=Count("structures__adoptions", filter=Q(structures__adoptions__in=counted)))
        .order_by("code")
    )
    shown = (
        visible_adoptions(request.user)
        .filter(innovation=innovation)
        .select_related("structure", "structure__departement", "source")
        .prefetch_related("status_changes")
    )
    page = Paginator(shown, ADOPTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "innovation": innovation,
        "steps": innovation.step_changes.select_related("source"),
        "status_counts": adoptions.count_by_status(),
        "n_adoptions": adoptions.count(),
        "departements": departements,
        "n_without_departement": counted.filter(structure__departement__isnull=True).count(),
        "adoptions": page,
        "adoptions_hidden": adoptions.count() - page.paginator.count,
        "can_change_step": perms.can_change_step(request.user),
        "can_view_completeness": can_view_completeness(request.user, innovation),
        "can_send_figures": can_send_figures(request.user, innovation),
        "step_form": form or StepChangeForm(initial={"step": Step.following(innovation.step)}),
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
    form = StepChangeForm(request.POST)
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
