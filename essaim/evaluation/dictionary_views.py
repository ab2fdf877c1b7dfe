"""The indicator dictionary's pages (/evaluation/indicateurs/): the list of indicators and rules,
their creation, change, deletion and history. The team manages them, evaluators read them
(perms.py); what depends on an indicator is checked before any change (dictionary.py)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from essaim.core.access import require
from essaim.evaluation import perms
from essaim.evaluation.dictionary import deletion_refused, in_use_codes, review_change, uses_of
from essaim.evaluation.dictionary_forms import DerivedIndicatorForm, IndicatorForm, RuleForm
from essaim.evaluation.dictionary_history import indicator_changes, rule_changes
from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import RuleKind, ValidationRule


def status(request):
    return 400 if request.method == "POST" else 200


def save_with_reason(form, user):
    record = form.save(commit=False)
    record._change_reason = form.cleaned_data.get("reason") or None
    record._history_user = user
    record.save()
    return record


@require(perms.can_read_indicators)
def indicator_list(request):
    indicators = list(Indicator.objects.all())
    labels = {i.code: i.label for i in indicators}
    used = in_use_codes(indicators)
    for indicator in indicators:
        indicator.shown_formula = indicator.formula(labels)
        indicator.in_use = indicator.code in used
    rules = ValidationRule.objects.select_related("indicator", "other_indicator").order_by("-is_active", "name")
    return render(
        request,
        "evaluation/indicators.html",
        {
            "base": [i for i in indicators if not i.is_derived],
            "derived": [i for i in indicators if i.is_derived],
            "rules": rules,
            "can_manage": perms.can_manage_indicators(request.user),
        },
    )


def create(request, form_class, title):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = save_with_reason(form, request.user)
        messages.success(request, f"Indicateur « {indicator.label} » ajouté au dictionnaire.")
        return redirect("evaluation:indicator_edit", code=indicator.code)
    context = {"form": form, "title": title, "derived": form_class is DerivedIndicatorForm}
    return render(request, "evaluation/indicator_form.html", context, status=status(request))


@require(perms.can_manage_indicators)
def indicator_create(request):
    return create(request, IndicatorForm, "Nouvel indicateur saisi")


@require(perms.can_manage_indicators)
def indicator_create_derived(request):
    return create(request, DerivedIndicatorForm, "Nouvel indicateur calculé")


@require(perms.can_manage_indicators)
def indicator_edit(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    uses = uses_of(indicator)
    form_class = DerivedIndicatorForm if indicator.is_derived else IndicatorForm
    form = form_class(request.POST or None, instance=indicator, in_use=uses.in_use)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            stored = Indicator.objects.select_for_update().get(pk=indicator.pk)
            if form.check_version(stored) and apply_review(form, stored):
                indicator = save_with_reason(form, request.user)
                messages.success(request, f"Indicateur « {indicator.label} » enregistré.")
                return redirect("evaluation:indicator_edit", code=indicator.code)
    context = {
        "form": form,
        "indicator": Indicator.objects.get(pk=indicator.pk),
        "title": "Modifier l'indicateur",
        "derived": indicator.is_derived,
        "uses": uses,
        "rules": uses.rules,
        "bounds": [r for r in uses.rules if r.kind == RuleKind.BOUNDS],
    }
    return render(request, "evaluation/indicator_form.html", context, status=status(request))


def apply_review(form, stored):
    """Refuse or ask to confirm what the change would do to what depends on the indicator."""
    review = review_change(stored, form.instance, uses_of(stored))
    for name, message in review.refused.items():
        form.add_error(name if name in form.fields and not form.fields[name].disabled else None, message)
    if review.refused:
        return False
    return not review.to_confirm or form.ask_confirmation(review.to_confirm)


@require(perms.can_manage_indicators)
def indicator_delete(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    refused = deletion_refused(indicator, uses_of(indicator))
    if request.method == "POST" and not refused:
        label = indicator.label
        indicator._history_user = request.user
        indicator._change_reason = request.POST.get("reason", "")[:500] or None
        indicator.delete()
        messages.success(
            request, f"Indicateur « {label} » supprimé du dictionnaire ; son historique reste consultable."
        )
        return redirect("evaluation:indicators")
    context = {"indicator": indicator, "refused": refused}
    return render(request, "evaluation/indicator_delete.html", context, status=400 if refused else 200)


def history_of(model, current, code):
    """The history rows of the record `current`, or, when none bears `code` any more, of the last
    one deleted that bore it (newest first)."""
    if current is not None:
        found = model.history.filter(id=current.pk)
    else:
        last = model.history.filter(code=code).order_by("-history_id").values_list("id", flat=True).first()
        if last is None:
            raise Http404("Aucun élément du dictionnaire n'a porté ce code.")
        found = model.history.filter(id=last)
    return list(found.select_related("history_user").order_by("-history_id"))


@require(perms.can_read_indicators)
def indicator_history(request, code):
    """The history of an indicator, deleted ones included (found by their code)."""
    current = Indicator.objects.filter(code=code).first()
    records = history_of(Indicator, current, code)
    label = current.label if current else records[0].label
    context = {
        "subject": f"Indicateur « {label} »",
        "code": code,
        "changes": indicator_changes(records),
        "indicator": current,
        "can_manage": perms.can_manage_indicators(request.user),
    }
    return render(request, "evaluation/dictionary_history.html", context)


@require(perms.can_manage_indicators)
def rule_create(request):
    initial = {}
    indicator = Indicator.objects.base().filter(code=request.GET.get("indicateur", "")).first()
    if indicator is not None:
        initial["indicator"] = indicator
    if request.GET.get("type") in RuleKind.values:
        initial["kind"] = request.GET["type"]
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rule = save_with_reason(form, request.user)
        messages.success(
            request, f"Règle « {rule.name} » ajoutée ; elle s'appliquera au prochain lancement des contrôles."
        )
        return redirect("evaluation:indicators")
    context = {"form": form, "title": "Nouvelle règle de contrôle", "kinds": RuleKind}
    return render(request, "evaluation/rule_form.html", context, status=status(request))


@require(perms.can_manage_indicators)
def rule_edit(request, code):
    rule = get_object_or_404(ValidationRule, code=code)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            stored = ValidationRule.objects.select_for_update().get(pk=rule.pk)
            if form.check_version(stored):
                rule = save_with_reason(form, request.user)
                messages.success(
                    request, f"Règle « {rule.name} » enregistrée ; relancez les contrôles pour en voir l'effet."
                )
                return redirect("evaluation:indicators")
    context = {
        "form": form,
        "rule": ValidationRule.objects.get(pk=rule.pk),
        "title": "Modifier la règle",
        "kinds": RuleKind,
        "violations": rule.violations.count(),
    }
    return render(request, "evaluation/rule_form.html", context, status=status(request))


@require(perms.can_manage_indicators)
def rule_delete(request, code):
    rule = get_object_or_404(ValidationRule, code=code)
    found = rule.violations.count()
    refused = []
    if found:
        checked = rule.violations.filter(checked=True).count()
        refused = [
            f"Cette règle a relevé {found} anomalie{'s' if found > 1 else ''}, dont {checked} vérifiée"
            f"{'s' if checked > 1 else ''} avec une note : la supprimer les effacerait. Désactivez-la plutôt : elle ne "
            "sera plus vérifiée et ses anomalies resteront consultables."
        ]
    if request.method == "POST" and not refused:
        name = rule.name
        rule._history_user = request.user
        rule._change_reason = request.POST.get("reason", "")[:500] or None
        rule.delete()
        messages.success(request, f"Règle « {name} » supprimée ; son historique reste consultable.")
        return redirect("evaluation:indicators")
    return render(
        request, "evaluation/rule_delete.html", {"rule": rule, "refused": refused}, status=400 if refused else 200
    )


@require(perms.can_read_indicators)
def rule_history(request, code):
    current = ValidationRule.objects.filter(code=code).first()
    records = history_of(ValidationRule, current, code)
    context = {
        "subject": f"Règle « {(current or records[0]).name} »",
        "code": code,
        "changes": rule_changes(records),
        "rule": current,
        "can_manage": perms.can_manage_indicators(request.user),
    }
    return render(request, "evaluation/dictionary_history.html", context)
