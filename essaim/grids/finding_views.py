"""Qualitative findings: search and read (every role, within what it may read), write (team and
evaluators)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from essaim.core.access import require
from essaim.grids import perms
from essaim.grids.forms import FindingForm, FindingSearchForm
from essaim.grids.models import Finding
from essaim.innovations.models import Innovation

PAGE_SIZE = 50


def search(findings, form):
    if not form.is_valid():
        return findings
    data = form.cleaned_data
    if data["q"]:
        for word in data["q"].split()[:8]:
            findings = findings.filter(
                Q(text__icontains=word) | Q(theme__icontains=word) | Q(attribution__icontains=word)
            )
    if data["innovation"]:
        findings = findings.filter(innovation=data["innovation"])
    if data["phase"]:
        findings = findings.filter(phase=data["phase"])
    if data["nature"]:
        findings = findings.filter(kind=data["nature"])
    if data["theme"]:
        findings = findings.filter(theme__iexact=data["theme"].strip())
    return findings


@require(perms.can_open_evaluation)
def finding_list(request):
    visible = perms.visible_findings(request.user, Finding.objects.all())
    form = FindingSearchForm(request.GET or None)
    found = (
        search(visible, form)
        .select_related("innovation", "structure", "source")
        .order_by("innovation__sort_name", F("phase").asc(nulls_last=True), "kind", "id")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    themes = sorted(set(visible.exclude(theme="").values_list("theme", flat=True)), key=str.casefold)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "count": page.paginator.count,
        "themes": themes,
        "query": query.urlencode(),
        "can_manage": perms.can_manage_evaluation(request.user),
    }
    return render(request, "grids/findings.html", context)


def save_finding(request, form):
    finding = form.save(commit=False)
    finding.recorded_by, finding.recorded_at = request.user, timezone.now()
    finding._history_user = request.user
    finding.save()
    return finding


@require(perms.can_manage_evaluation)
def finding_new(request):
    initial = {}
    code = request.GET.get("innovation")
    if code:
        initial["innovation"] = Innovation.objects.filter(code=code).first()
    if request.GET.get("phase", "").isdigit():
        initial["phase"] = int(request.GET["phase"])
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        finding = save_finding(request, form)
        messages.success(request, "Constat enregistré.")
        return redirect(f"{request.path}?innovation={finding.innovation.code}")
    status = 400 if request.method == "POST" else 200
    return render(request, "grids/finding_form.html", {"form": form, "finding": None}, status=status)


@require(perms.can_manage_evaluation)
def finding_edit(request, pk):
    finding = get_object_or_404(Finding, pk=pk)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        save_finding(request, form)
        messages.success(request, "Constat enregistré.")
        return redirect("grids:findings")
    status = 400 if request.method == "POST" else 200
    return render(request, "grids/finding_form.html", {"form": form, "finding": finding}, status=status)
