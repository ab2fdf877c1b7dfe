"""A candidate: applying, pre-selection, reviewers, the reviewer's own review, conflicts of
interest, the committee's decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from essaim.accounts.perms import member_structure_ids
from essaim.calls import perms, reviewing
from essaim.calls.enums import CallStatus, Outcome
from essaim.calls.forms import AssignForm, CandidateForm, ConflictForm, DecisionForm, PreselectionForm, ReviewForm
from essaim.calls.models import Call, Review, Score
from essaim.calls.scoring import summarise
from essaim.calls.selection import decide
from essaim.calls.views import add_errors, candidate_queryset
from essaim.core.access import require
from essaim.organizations.models import Structure


@require(perms.can_open_applications)
def apply(request, pk):
    call = get_object_or_404(Call, pk=pk)
    if not perms.can_apply(request.user, call):
        if call.status == CallStatus.DRAFT:
            raise PermissionDenied
        messages.error(request, "Cet appel n'est pas ouvert aux candidatures.")
        return redirect("calls:detail", pk=call.pk)
    team = perms.can_manage_calls(request.user)
    porteurs = Structure.objects.all() if team else Structure.objects.filter(pk__in=member_structure_ids(request.user))
    form = CandidateForm(request.POST or None, call=call, team=team, porteurs=porteurs)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            candidate = form.save(commit=False)
            candidate.submitted_by = request.user
            candidate.save()
        messages.success(request, f"La candidature « {candidate.project_name} » est enregistrée.")
        return redirect("calls:candidate", pk=candidate.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/apply.html", {"call": call, "form": form, "team": team}, status=status)


def visible_candidate(request, pk):
    """The candidate if this user may see it; 404 otherwise (its existence is not revealed)."""
    candidate = get_object_or_404(candidate_queryset(), pk=pk)
    if not perms.visible_candidates(request.user, type(candidate).objects.filter(pk=pk)).exists():
        raise Http404("Candidature introuvable.")
    return candidate


def candidate_context(request, candidate, **forms):
    user = request.user
    reviews = list(
        candidate.reviews.select_related("reviewer", "assigned_by").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )
    criteria = list(candidate.call.criteria.all())
    own = next((r for r in reviews if r.reviewer_id == user.pk), None)
    shows = perms.sees_scores(user, candidate, own)
    team = perms.can_manage_calls(user)
    context = {
        "candidate": candidate,
        "call": candidate.call,
        "criteria": criteria,
        "reviews": reviews,
        "own": own,
        "team": team,
        "shows_scores": shows,
        "summary": summarise(criteria, reviews) if shows else None,
        "decisions": list(candidate.decisions.select_related("recorded_by")),
        "reads_minutes": perms.can_read_minutes(user, own),
        "conflict": perms.conflict_of_interest(user, candidate) if own else None,
        "sees_feasibility": bool(candidate.innovation) and perms.can_view_feasibility(user, candidate.innovation),
    }
    if team:
        context["preselection_form"] = forms.get("preselection_form") or PreselectionForm(instance=candidate)
        context["assign_form"] = forms.get("assign_form") or AssignForm(candidate=candidate)
        if candidate.outcome != Outcome.SELECTED:
            context["decision_form"] = forms.get("decision_form") or DecisionForm(candidate=candidate)
    if own is not None and not own.is_submitted and not own.conflict_declared and not candidate.is_decided:
        context["review_form"] = forms.get("review_form") or ReviewForm(criteria=criteria, review=own)
        context["conflict_form"] = forms.get("conflict_form") or ConflictForm()
    return context


@require(perms.can_list_calls)
def candidate_detail(request, pk):
    candidate = visible_candidate(request, pk)
    return render(request, "calls/candidate.html", candidate_context(request, candidate))


@require_POST
@require(perms.can_manage_calls)
def preselection(request, pk):
    candidate = get_object_or_404(candidate_queryset(), pk=pk)
    form = PreselectionForm(request.POST, instance=candidate)
    if form.is_valid():
        form.save()
        messages.success(request, "Pré-sélection enregistrée.")
        return redirect("calls:candidate", pk=candidate.pk)
    context = candidate_context(request, candidate, preselection_form=form)
    return render(request, "calls/candidate.html", context, status=400)


@require_POST
@require(perms.can_manage_calls)
def assign(request, pk):
    candidate = get_object_or_404(candidate_queryset(), pk=pk)
    form = AssignForm(request.POST, candidate=candidate)
    if form.is_valid():
        try:
            review = reviewing.assign(candidate, form.cleaned_data["reviewer"], by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{review.reviewer} évaluera cette candidature.")
            return redirect("calls:candidate", pk=candidate.pk)
    context = candidate_context(request, candidate, assign_form=form)
    return render(request, "calls/candidate.html", context, status=400)


def own_review(request, candidate):
    review = Review.objects.filter(candidate=candidate, reviewer=request.user).first()
    if review is None:
        raise Http404("Vous n'évaluez pas cette candidature.")
    return review


@require(perms.can_be_reviewer)
def review(request, pk):
    """The reviewer's own review: GET shows the candidate page at the form; POST saves a draft
    or sends it ("envoyer")."""
    candidate = visible_candidate(request, pk)
    mine = own_review(request, candidate)
    if request.method != "POST":
        return redirect(reverse("calls:candidate", args=[candidate.pk]) + "#mon-evaluation")
    criteria = list(candidate.call.criteria.all())
    form = ReviewForm(request.POST, criteria=criteria, review=mine)
    submit = "envoyer" in request.POST
    if form.is_valid():
        try:
            reviewing.save_review(
                mine, criteria, form.values(), form.comments(), form.cleaned_data["comment"], submit=submit
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for criterion_id, field_messages in error.message_dict.items():
                    for message in field_messages:
                        form.add_error(f"score_{criterion_id}", message)
            else:
                for message in error.messages:
                    form.add_error(None, message)
        else:
            if submit:
                messages.success(request, "Votre évaluation est envoyée. Vous voyez maintenant celles des autres.")
            else:
                messages.success(request, "Brouillon enregistré : l'évaluation n'est pas encore envoyée.")
            return redirect("calls:candidate", pk=candidate.pk)
    mine.refresh_from_db()
    context = candidate_context(request, candidate, review_form=form)
    return render(request, "calls/candidate.html", context, status=400)


@require_POST
@require(perms.can_be_reviewer)
def conflict(request, pk):
    candidate = visible_candidate(request, pk)
    mine = own_review(request, candidate)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            reviewing.declare_conflict(mine, form.cleaned_data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Conflit d'intérêts enregistré : vous ne notez pas cette candidature.")
            return redirect("calls:candidate", pk=candidate.pk)
    context = candidate_context(request, candidate, conflict_form=form)
    return render(request, "calls/candidate.html", context, status=400)


@require_POST
@require(perms.can_manage_calls)
def decision(request, pk):
    candidate = get_object_or_404(candidate_queryset(), pk=pk)
    form = DecisionForm(request.POST, candidate=candidate)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide(
                candidate,
                data["outcome"],
                data["decided_on"],
                data["minutes"],
                user=request.user,
                code=data["code"].strip(),
                name=data["name"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if candidate.innovation is not None:
                messages.success(
                    request,
                    f"« {candidate.project_name} » est retenue : l'innovation {candidate.innovation.code} entre "
                    "dans la méthode, à l'étape « Étude de faisabilité ».",
                )
            else:
                messages.success(request, f"Décision enregistrée : {candidate.get_outcome_display().lower()}.")
            return redirect("calls:candidate", pk=candidate.pk)
    context = candidate_context(request, candidate, decision_form=form)
    return render(request, "calls/candidate.html", context, status=400)
