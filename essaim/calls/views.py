"""Calls for projects: the list, a call's page (rubric, candidates), creating and editing a
call, opening and closing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.accounts.perms import is_programme_team
from essaim.activities.models import CommitteeMember
from essaim.calls import perms
from essaim.calls.enums import DEFAULT_CRITERIA, CallStatus
from essaim.calls.forms import CallForm, CriterionForm
from essaim.calls.models import Call, Candidate, Criterion, Review
from essaim.calls.scoring import summarise
from essaim.core.access import require


def add_errors(form, error, fields=None):
    """Put a model ValidationError on the form's fields (or on the form as a whole)."""
    fields = fields if fields is not None else form.fields
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in fields else None, message)


@require(perms.can_list_calls)
def call_list(request):
    calls = Call.objects.annotate(
        n_candidates=Count("candidates", distinct=True),
        n_selected=Count("candidates", filter=Q(candidates__outcome="selected"), distinct=True),
    )
    if not is_programme_team(request.user):
        calls = calls.exclude(status=CallStatus.DRAFT)
    # The programme's steering committee selects the innovations: its organisations, and where
    # the documents name them.
    committee = list(CommitteeMember.objects.filter(innovation=None).select_related("source"))
    context = {
        "calls": calls,
        "can_manage": perms.can_manage_calls(request.user),
        "committee": committee,
        "committee_sources": list(dict.fromkeys(m.source for m in committee if m.source)),
    }
    return render(request, "calls/list.html", context)


@require(perms.can_manage_calls)
def call_create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            call = form.save()
            for position, (label, guidance) in enumerate(DEFAULT_CRITERIA, start=1):
                Criterion.objects.create(call=call, position=position, label=label, guidance=guidance)
        messages.success(request, f"L'{call} est créé, en préparation, avec la grille des trois indicateurs.")
        return redirect("calls:detail", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/call_form.html", {"form": form}, status=status)


@require(perms.can_manage_calls)
def call_edit(request, pk):
    call = get_object_or_404(Call, pk=pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'appel est mis à jour.")
        return redirect("calls:detail", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/call_form.html", {"form": form, "call": call}, status=status)


def visible_call(request, pk):
    call = get_object_or_404(Call, pk=pk)
    if call.status == CallStatus.DRAFT and not is_programme_team(request.user):
        raise PermissionDenied
    return call


def candidate_rows(user, call, criteria):
    """The candidates this user sees, each with its score summary when the user may see it."""
    reviews = Review.objects.prefetch_related("scores").select_related("reviewer")
    candidates = (
        perms.visible_candidates(user, call.candidates.all())
        .select_related("porteur", "innovation")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .order_by("project_name")
    )
    rows = []
    for candidate in candidates:
        all_reviews = list(candidate.reviews.all())
        own = next((r for r in all_reviews if r.reviewer_id == user.pk), None)
        shows = perms.sees_scores(user, candidate, own)
        rows.append(
            {
                "candidate": candidate,
                "own": own,
                "assigned": len(all_reviews),
                "sent": sum(1 for r in all_reviews if r.is_submitted),
                "summary": summarise(criteria, all_reviews) if shows else None,
            }
        )
    return rows


@require(perms.can_list_calls)
def call_detail(request, pk):
    call = visible_call(request, pk)
    criteria = list(call.criteria.all())
    context = {
        "call": call,
        "criteria": criteria,
        "rows": candidate_rows(request.user, call, criteria),
        "can_manage": perms.can_manage_calls(request.user),
        "can_apply": perms.can_apply(request.user, call),
        "criterion_form": CriterionForm(),
        "has_scores": call.criteria.filter(scores__isnull=False).exists(),
        "statuses": CallStatus,
    }
    return render(request, "calls/detail.html", context)


@require_POST
@require(perms.can_manage_calls)
def call_status(request, pk):
    call = get_object_or_404(Call, pk=pk)
    wanted = request.POST.get("status", "")
    if wanted not in CallStatus.values:
        messages.error(request, "État inconnu : rien n'a changé.")
    elif wanted == CallStatus.OPEN and not call.criteria.exists():
        messages.error(request, "Ajoutez au moins un critère à la grille avant d'ouvrir l'appel.")
    else:
        call.status = wanted
        call.save(update_fields=["status"])
        messages.success(request, f"L'appel est maintenant « {call.get_status_display()} ».")
    return redirect("calls:detail", pk=call.pk)


@require_POST
@require(perms.can_manage_calls)
def criterion_add(request, pk):
    call = get_object_or_404(Call, pk=pk)
    form = CriterionForm(request.POST, instance=Criterion(call=call, position=call.criteria.count() + 1))
    if form.is_valid():
        try:
            form.instance.validate_constraints()
        except ValidationError as error:
            add_errors(form, error)
    if form.is_valid():
        form.save()
        messages.success(request, f"Critère « {form.instance.label} » ajouté à la grille.")
        return redirect("calls:detail", pk=call.pk)
    criteria = list(call.criteria.all())
    context = {
        "call": call,
        "criteria": criteria,
        "rows": candidate_rows(request.user, call, criteria),
        "can_manage": True,
        "can_apply": True,
        "criterion_form": form,
        "has_scores": call.criteria.filter(scores__isnull=False).exists(),
        "statuses": CallStatus,
    }
    return render(request, "calls/detail.html", context, status=400)


@require_POST
@require(perms.can_manage_calls)
def criterion_delete(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("call"), pk=pk)
    if criterion.scores.exists():
        messages.error(request, f"« {criterion.label} » est déjà noté : il reste dans la grille.")
    else:
        criterion.delete()
        messages.success(request, f"Critère « {criterion.label} » retiré de la grille.")
    return redirect("calls:detail", pk=criterion.call_id)


def candidate_queryset():
    return Candidate.objects.select_related("call", "porteur", "innovation", "submitted_by")
