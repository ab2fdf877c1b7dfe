from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.accounts.perms import is_structure_member
from essaim.core.access import require
from essaim.evaluation import campaigns, entry
from essaim.evaluation.enums import ValidationState
from essaim.evaluation.perms import can_enter_values, can_use_entry, can_validate_values
from essaim.evaluation.rules import Violation
from essaim.evaluation.validation import check_values
from essaim.swarming.models import Adoption


def default_period_end():
    """The last day of the previous month."""
    return timezone.localdate().replace(day=1) - timedelta(days=1)


def read_period(raw):
    if not raw:
        return default_period_end(), None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return default_period_end(), f"La date « {raw} » n'est pas valide : utilisez le format AAAA-MM-JJ."


def saved_message(count):
    if count == 0:
        return "Aucune valeur n'a changé."
    return f"{count} valeur{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}."


def get_adoption(request, pk):
    adoption = get_object_or_404(Adoption.objects.select_related("innovation", "structure"), pk=pk)
    if not can_enter_values(request.user, adoption):
        raise PermissionDenied
    return adoption


def render_grid(request, adoption, period_end, rows, status=200, period_error=None, saved=None, lock=None):
    steps = entry.steps([row.value for row in rows if row.value])
    for row in rows:
        row.steps = steps.get(row.value.pk, []) if row.value else []
    template = "evaluation/_entry_grid.html" if request.htmx else "evaluation/entry.html"
    context = {
        "adoption": adoption,
        "period_end": period_end,
        "rows": rows,
        "has_errors": any(row.error for row in rows),
        "can_validate": can_validate_values(request.user),
        "period_error": period_error,
        "to_validate": sum(1 for row in rows if row.value and row.value.state in entry.REVIEWED),
        "has_returned": any(row.value and row.value.state == ValidationState.RETURNED for row in rows),
        "seen": entry.seen(rows),
        "can_submit": is_structure_member(request.user) and not lock,
        "to_submit": any(row.value and row.value.state in entry.SUBMITTED for row in rows),
        "seen_to_submit": entry.seen(rows, entry.SUBMITTED),
        "returnable": [row for row in rows if row.value and row.value.state != ValidationState.RETURNED],
        "lock": lock,
        "locked_message": campaigns.locked_message(lock, period_end) if lock else "",
        "saved": saved,
        "violations": Violation.objects.open().filter(
            value__innovation_id=adoption.innovation_id,
            value__structure_id=adoption.structure_id,
            value__period_end=period_end,
        ),
    }
    return render(request, template, context, status=status)


@require(can_use_entry)
def entry_page(request, pk):
    adoption = get_adoption(request, pk)
    period_end, error = read_period(request.GET.get("periode") or request.POST.get("periode"))
    lock = campaigns.locking(adoption.innovation_id, adoption.structure_id, period_end)
    if lock is not None and not campaigns.bound_by_lock(request.user):
        lock = None
    if request.method == "POST" and lock is not None:
        messages.error(request, campaigns.locked_message(lock, period_end).capitalize())
        rows = entry.grid_rows(adoption, period_end)
        return render_grid(request, adoption, period_end, rows, status=403, lock=lock)
    if request.method == "POST":
        submitted = {
            row.field: (
                request.POST.get(f"value-{row.field}", ""),
                request.POST.get(f"comment-{row.field}", ""),
                request.POST.get(f"version-{row.field}", entry.NEW),
            )
            for row in entry.grid_rows(adoption, period_end)
        }
        rows, changed = entry.save_grid(adoption, period_end, submitted, request.user)
        if any(row.error for row in rows):
            return render_grid(request, adoption, period_end, rows, status=400)
        if changed:
            check_values(adoption.innovation)
        if request.htmx:
            return render_grid(request, adoption, period_end, rows, saved=changed)
        messages.success(request, saved_message(changed))
        return redirect(f"{reverse('evaluation:entry', args=[adoption.pk])}?periode={period_end.isoformat()}")
    rows = entry.grid_rows(adoption, period_end)
    return render_grid(request, adoption, period_end, rows, period_error=error, lock=lock)


def back_to(adoption, period_end):
    return redirect(f"{reverse('evaluation:entry', args=[adoption.pk])}?periode={period_end.isoformat()}")


def counted(count, one, many):
    return f"{count} {one if count == 1 else many}"


@require_POST
@require(can_validate_values)
def validate(request, pk):
    adoption = get_object_or_404(Adoption, pk=pk)
    period_end, error = read_period(request.POST.get("periode"))
    if error:
        messages.error(request, error)
    else:
        try:
            count = entry.validate_period(adoption, period_end, request.user, request.POST.get("vu"))
        except entry.StaleValidation as stale:
            messages.error(request, str(stale))
        else:
            messages.success(request, f"{counted(count, 'valeur validée', 'valeurs validées')}.")
    return back_to(adoption, period_end)


@require_POST
@require(can_validate_values)
def return_value(request, pk):
    """The evaluator returns one value to its structure with a note (« à corriger »)."""
    adoption = get_object_or_404(Adoption, pk=pk)
    period_end, error = read_period(request.POST.get("periode"))
    value_id, _, shown = request.POST.get("valeur", "").partition("@")
    if error:
        messages.error(request, error)
    elif not value_id.isdigit():
        messages.error(request, "Choisissez la valeur à renvoyer.")
    else:
        try:
            value = entry.return_value(
                adoption, period_end, request.user, int(value_id), shown, request.POST.get("note")
            )
        except (entry.StaleValidation, ValueError) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"« {value.indicator.label} » est renvoyée à la structure pour correction.")
    return back_to(adoption, period_end)


@require_POST
@require(can_use_entry)
def submit(request, pk):
    """The structure transmits the figures of a period (« je transmets »)."""
    adoption = get_adoption(request, pk)
    period_end, error = read_period(request.POST.get("periode"))
    lock = campaigns.locking(adoption.innovation_id, adoption.structure_id, period_end)
    if error:
        messages.error(request, error)
    elif lock is not None and campaigns.bound_by_lock(request.user):
        messages.error(request, campaigns.locked_message(lock, period_end).capitalize())
    else:
        try:
            count = entry.submit_period(adoption, period_end, request.user, request.POST.get("vu"))
        except entry.StaleValidation as stale:
            messages.error(request, str(stale))
        else:
            messages.success(
                request,
                f"{counted(count, 'valeur transmise', 'valeurs transmises')} à l'évaluation."
                if count
                else "Aucune valeur n'était à transmettre.",
            )
    return back_to(adoption, period_end)
