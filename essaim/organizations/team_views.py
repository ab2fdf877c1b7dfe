"""The team's pages of the structures' registry, instead of the admin: create a structure, correct
it (SIRET checked, networks), merge a duplicate into it, and read its history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from essaim.core.access import require
from essaim.core.changes import changes
from essaim.organizations import perms
from essaim.organizations.forms import MergeSearchForm, StructureForm
from essaim.organizations.merge import MergeRefused, candidates, merge, refusals, what_moves


def save(form, reason):
    structure = form.save(commit=False)
    before = set(structure.networks.values_list("name", flat=True)) if structure.pk else set()
    after = {network.name for network in form.cleaned_data["networks"]}
    if before != after:
        names = ", ".join(sorted(after)) or "aucun"
        reason = f"{reason} ; réseaux : {names}" if reason else f"Réseaux : {names}"
    structure._change_reason = reason[:100] if reason else None
    structure.save()
    form.save_m2m()
    return structure


@require(perms.can_manage_structures)
def create(request):
    registry = perms.visible_structures(request.user)
    form = StructureForm(request.POST if request.method == "POST" else None, registry=registry)
    if request.method == "POST" and form.is_valid():
        structure = save(form, "Création")
        messages.success(request, f"La structure « {structure} » est enregistrée. Invitez maintenant son référent.")
        return redirect("organizations:detail", structure.pk)
    status = 400 if form.errors else 200
    return render(request, "organizations/form.html", {"form": form, "structure": None}, status=status)


@require(perms.can_manage_structures)
def edit(request, pk):
    registry = perms.visible_structures(request.user)
    structure = get_object_or_404(registry, pk=pk)
    form = StructureForm(request.POST if request.method == "POST" else None, instance=structure, registry=registry)
    if request.method == "POST" and form.is_valid():
        save(form, "")
        messages.success(request, f"La fiche de « {structure} » est enregistrée.")
        return redirect("organizations:detail", structure.pk)
    status = 400 if form.errors else 200
    return render(request, "organizations/form.html", {"form": form, "structure": structure}, status=status)


@require(perms.can_manage_structures)
def merge_into(request, pk):
    """On the page of the structure kept: find the duplicate, see what would move, merge."""
    registry = perms.visible_structures(request.user)
    kept = get_object_or_404(registry, pk=pk)
    duplicate_pk = request.POST.get("doublon") or request.GET.get("doublon")
    if duplicate_pk:
        duplicate = get_object_or_404(registry, pk=duplicate_pk if str(duplicate_pk).isdigit() else 0)
        if request.method == "POST":
            try:
                moved = merge(kept, duplicate, request.user, request.programme)
            except MergeRefused as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
                return redirect(f"{reverse('organizations:merge', args=[kept.pk])}?doublon={duplicate_pk}")
            detail = " ; ".join(f"{name} : {n}" for name, n in moved.items()) or "rien à rattacher"
            messages.success(request, f"« {duplicate.name} » est fusionnée dans « {kept} » ({detail}).")
            return redirect("organizations:detail", kept.pk)
        context = {
            "kept": kept,
            "duplicate": duplicate,
            "moves": what_moves(duplicate),
            "refusals": refusals(kept, duplicate, request.programme),
        }
        return render(request, "organizations/merge_confirm.html", context)
    form = MergeSearchForm(request.GET or None)
    found = []
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"].strip()
        digits = "".join(q.split())
        found = registry.filter(siret=digits) if digits.isdigit() else registry.filter(name__icontains=q)
        found = list(found.exclude(pk=kept.pk).select_related("departement")[:20])
    context = {
        "kept": kept,
        "form": form,
        "likely": candidates(kept, registry).select_related("departement")[:20],
        "found": found,
    }
    return render(request, "organizations/merge.html", context)


STRUCTURE_FIELDS = [
    ("name", "Nom", lambda r: r.name),
    ("kind", "Type", lambda r: r.get_kind_display()),
    ("siret", "SIRET", lambda r: r.siret),
    ("departement", "Département", lambda r: r.departement_id),
    ("city", "Commune", lambda r: r.city),
    ("is_placeholder", "Structure non nommée", lambda r: r.is_placeholder),
]


@require(perms.can_manage_structures)
def history(request, pk):
    structure = get_object_or_404(perms.visible_structures(request.user), pk=pk)
    records = structure.history.select_related("history_user")
    context = {"structure": structure, "changes": changes(records, STRUCTURE_FIELDS)}
    return render(request, "organizations/history.html", context)
