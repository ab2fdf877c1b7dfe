from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from essaim.accounts.perms import is_programme_team, sees_everything
from essaim.core.access import require
from essaim.evaluation import perms
from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.completeness import completeness, known_period_ends
from essaim.evaluation.forms import CheckViolationForm, PeriodForm, ViolationFilterForm
from essaim.evaluation.rules import Violation
from essaim.evaluation.validation import check_values
from essaim.innovations.models import Innovation


@require(perms.can_open_completeness)
def completeness_page(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    if not perms.can_view_completeness(request.user, innovation):
        raise PermissionDenied
    periods = known_period_ends(innovation)
    form = PeriodForm(request.GET or None)
    period_end = form.cleaned_data["periode"] if form.is_bound and form.is_valid() else None
    if period_end is None:
        period_end = periods[0] if periods else timezone.localdate()
    asking = campaigns_of(innovation, period_end)
    return render(
        request,
        "evaluation/completeness.html",
        {
            "innovation": innovation,
            "campaigns": asking,
            # « Relancer » one structure, for the team, through the campaign asking these figures
            "remind_with": asking[0][0] if asking and is_programme_team(request.user) else None,
            "sees_campaigns": sees_everything(request.user),
            "data": completeness(innovation, period_end),
            "period_end": period_end,
            "periods": periods,
            "form": form,
        },
    )


def campaigns_of(innovation, period_end):
    """The campaigns asking this innovation's figures of that period end, with their reminders:
    [(campaign, reminders sent, the last one's day)]."""
    asking = (
        Campaign.objects.filter(period_end=period_end)
        .filter(Q(innovation=innovation) | Q(innovation__isnull=True))
        .annotate(sent=Count("reminders"), last=Max("reminders__reminder__sent_on"))
        .order_by("deadline")
    )
    return [(campaign, campaign.sent, campaign.last) for campaign in asking]


@require(perms.can_review_violations)
def violation_list(request):
    form = ViolationFilterForm(request.GET or None)
    violations = Violation.objects.for_list()
    violations = form.filter(violations) if form.is_bound else violations.open()
    violations = violations.order_by("value__innovation__code", "-value__period_end", "rule__name", "pk")
    page = Paginator(violations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluation/violations.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "n_open": Violation.objects.open().count(),
        },
    )


def back(request):
    """Where to go after a POST: the list the user came from, or the list."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse("evaluation:violations"))


@require_POST
@require(perms.can_review_violations)
def check_violation(request, pk):
    violation = get_object_or_404(Violation, pk=pk)
    form = CheckViolationForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("note", []):
            messages.error(request, error)
        return back(request)
    violation.checked = True
    violation.checked_by = request.user
    violation.checked_at = timezone.now()
    violation.note = form.cleaned_data["note"]
    violation.save(update_fields=["checked", "checked_by", "checked_at", "note"])
    messages.success(request, f"Anomalie vérifiée et conservée : {violation.message}")
    return back(request)


@require_POST
@require(perms.can_review_violations)
def run_checks(request):
    code = request.POST.get("innovation", "")
    scope = get_object_or_404(Innovation, code=code) if code else None
    result = check_values(scope)
    messages.success(request, result.summary())
    return back(request)
