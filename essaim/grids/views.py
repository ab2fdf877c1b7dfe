"""The embedded evaluation's pages: the index, a grid (heatmap, scores, shares, changes), rating
it (matrix of structures × items, or one structure with comments), defining it, its CSV."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from essaim.core.access import require
from essaim.grids import entry, perms, plans, scoring
from essaim.grids.enums import PHASES
from essaim.grids.forms import GridForm, ItemFormSet
from essaim.grids.models import Finding, Grid, GridItem, Observation
from essaim.imports.export import csv_line
from essaim.innovations.models import Innovation
from essaim.swarming.models import Adoption

COMPACT_AFTER = 6  # wider grids number their columns and list the items above the table
PHASE_CHOICES = ", ".join(str(n) for n in PHASES[:-1]) + f" ou {PHASES[-1]}"


def read_phase(raw, default):
    """(phase, error message or None); a bad phase falls back to `default`."""
    if raw in (None, ""):
        return default, None
    if raw.isdigit() and int(raw) in PHASES:
        return int(raw), None
    return default, f"Phase « {raw[:20]} » inconnue : l'évaluation embarquée a les phases {PHASE_CHOICES}."


def get_innovation(code):
    return get_object_or_404(Innovation.objects.select_related("porteur"), code=code)


def grid_of(innovation):
    return Grid.objects.filter(innovation=innovation).select_related("scale", "innovation").first()


def phase_url(name, code, phase):
    return f"{reverse(name, args=[code])}?phase={phase}"


@require(perms.can_open_evaluation)
def index(request):
    """Every innovation: where it stands in its evaluation plan, its grid, its findings."""
    standings = plans.standings()
    grids = {
        g.innovation_id: g for g in Grid.objects.select_related("scale").annotate(n_items=Count("items", distinct=True))
    }
    rated = dict(
        Observation.objects.values("item__grid__innovation_id")
        .annotate(n=Count("adoption", distinct=True))
        .values_list("item__grid__innovation_id", "n")
    )
    findings = dict(
        perms.visible_findings(request.user, Finding.objects.all())
        .values("innovation_id")
        .annotate(n=Count("id"))
        .values_list("innovation_id", "n")
    )
    rows = [
        {
            "innovation": innovation,
            "standing": standings.get(innovation.pk),
            "grid": grids.get(innovation.pk),
            "rated": rated.get(innovation.pk, 0),
            "findings": findings.get(innovation.pk, 0),
        }
        for innovation in Innovation.objects.select_related("porteur").order_by("entered_on", "code")
    ]
    context = {"rows": rows, "can_manage": perms.can_manage_evaluation(request.user)}
    return render(request, "grids/index.html", context)


def shown_rows(user, innovation, view):
    """The heatmap rows `user` reads by name: all, their own, or none (aggregates only)."""
    visible = perms.visible_structure_ids(user, innovation)
    if visible is perms.ALL:
        return view.rows
    return [row for row in view.rows if row.adoption.structure_id in visible]


@require(perms.can_open_evaluation)
def grid_page(request, code):
    innovation = get_innovation(code)
    grid = grid_of(innovation)
    can_manage = perms.can_manage_evaluation(request.user)
    plan = plans.plan_of(innovation)
    context = {"innovation": innovation, "grid": grid, "can_manage": can_manage, "plan": plan}
    if grid is None:
        return render(request, "grids/grid.html", context)
    phase, error = read_phase(request.GET.get("phase"), scoring.default_phase(grid))
    view = scoring.build(grid, phase)
    findings = (
        perms.visible_findings(request.user, Finding.objects.filter(innovation=innovation, phase=phase))
        .select_related("structure")
        .order_by("kind", "id")
    )
    context |= {
        "phase": phase,
        "phase_error": error,
        "view": view,
        "rows": shown_rows(request.user, innovation, view),
        "sees_structures": perms.sees_structures(request.user, innovation),
        "can_rate": perms.can_rate_innovation(request.user, innovation),
        "findings": findings,
        "tabs": [(n, plan[n], n in view.phases) for n in PHASES],
        "tones": {level.pk: view.scoring.tone(level) for level in view.scoring.levels},
        "compact": len(view.items) > COMPACT_AFTER,
    }
    return render(request, "grids/grid.html", context)


@require(perms.can_open_evaluation)
def grid_csv(request, code):
    """The heatmap of one phase as CSV (the same table as `manage.py export_grid`)."""
    innovation = get_innovation(code)
    if not perms.sees_structures(request.user, innovation):
        raise PermissionDenied
    grid = grid_of(innovation)
    if grid is None:
        raise Http404("Pas de grille pour cette innovation.")
    phase, error = read_phase(request.GET.get("phase"), scoring.default_phase(grid))
    if error:
        messages.error(request, error)
        return redirect("grids:grid", code=code)
    header, rows = scoring.table(scoring.build(grid, phase))
    content = csv_line(header) + "".join(csv_line(row) for row in rows)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grille-{innovation.code}-phase-{phase}.csv"'
    return response


# Rating


def rateable(user, grid, phase):
    """The adoptions of the phase that `user` may rate, in the grid's row order."""
    adoptions = scoring.phase_adoptions(grid, phase, scoring.phase_day(grid.innovation_id, phase))
    allowed = perms.rating_structure_ids(user, grid.innovation)
    if allowed is not perms.ALL:
        adoptions = [a for a in adoptions if a.structure_id in allowed]
    return adoptions


def submitted_cells(post, rows, with_comments):
    return {
        cell.field: (
            post.get(f"level-{cell.field}", ""),
            post.get(f"comment-{cell.field}") if with_comments else None,
            post.get(f"version-{cell.field}", entry.NEW),
        )
        for row in rows
        for cell in row.cells
        if f"version-{cell.field}" in post
    }


def saved_message(count):
    if count == 0:
        return "Aucune note n'a changé."
    return f"{count} note{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}."


def rating_context(grid, phase, rows, saved=None, phase_error=None):
    scoring_ = scoring.Scoring.of(grid.scale)
    return {
        "innovation": grid.innovation,
        "grid": grid,
        "phase": phase,
        "rows": rows,
        "items": list(grid.items.all()),
        "levels": scoring_.levels,
        "tones": {level.pk: scoring_.tone(level) for level in scoring_.levels},
        "has_errors": any(row.has_errors for row in rows),
        "saved": saved,
        "phase_error": phase_error,
        "phases": PHASES,
        "compact": grid.items.count() > COMPACT_AFTER,
    }


@require(perms.can_use_rating)
def entry_page(request, code):
    """Structures × items, one level per cell: Tab moves on, Enter saves (HTMX in place)."""
    innovation = get_innovation(code)
    if not perms.can_rate_innovation(request.user, innovation):
        raise PermissionDenied
    grid = grid_of(innovation)
    if grid is None:
        raise Http404("Pas de grille pour cette innovation.")
    raw = request.GET.get("phase") or request.POST.get("phase")
    phase, error = read_phase(raw, scoring.default_phase(grid))
    adoptions = rateable(request.user, grid, phase)
    template = "grids/_entry_matrix.html" if request.htmx else "grids/entry.html"
    if request.method == "POST":
        if error:
            rows = entry.entry_rows(grid, phase, adoptions)
            return render(request, template, rating_context(grid, phase, rows, phase_error=error), status=400)
        rows = entry.entry_rows(grid, phase, adoptions)
        rows, changed = entry.save_ratings(
            grid, phase, adoptions, submitted_cells(request.POST, rows, False), request.user
        )
        if any(row.has_errors for row in rows):
            return render(request, template, rating_context(grid, phase, rows), status=400)
        if request.htmx:
            return render(request, template, rating_context(grid, phase, rows, saved=changed))
        messages.success(request, saved_message(changed))
        return redirect(phase_url("grids:entry", code, phase))
    rows = entry.entry_rows(grid, phase, adoptions)
    return render(request, template, rating_context(grid, phase, rows, phase_error=error))


def structure_history(adoption, phase, items):
    """{item id: [(when, who, level label, comment)]} newest first, from the history rows."""
    levels = {level.pk: level.label for level in adoption_levels(items)}
    found = {}
    history = Observation.history.filter(adoption_id=adoption.pk, phase=phase).select_related("history_user")
    for entry_ in history.order_by("-history_date"):
        found.setdefault(entry_.item_id, []).append(
            {
                "when": entry_.history_date,
                "who": entry_.history_user,
                "level": levels.get(entry_.level_id, "?"),
                "comment": entry_.comment,
                "type": entry_.history_type,
            }
        )
    return found


def adoption_levels(items):
    if not items:
        return []
    return items[0].grid.scale.levels.all()


@require(perms.can_open_structure_ratings)
def adoption_page(request, code, pk):
    """One structure's ratings in one phase: levels, comments, who and when, history."""
    innovation = get_innovation(code)
    adoption = get_object_or_404(
        Adoption.objects.select_related("structure", "innovation"), pk=pk, innovation=innovation
    )
    visible = perms.visible_structure_ids(request.user, innovation)
    if visible is not perms.ALL and adoption.structure_id not in visible:
        raise Http404("Structure introuvable.")
    grid = grid_of(innovation)
    if grid is None:
        raise Http404("Pas de grille pour cette innovation.")
    raw = request.GET.get("phase") or request.POST.get("phase")
    phase, error = read_phase(raw, scoring.default_phase(grid))
    may_rate = perms.can_rate(request.user, adoption)
    template = "grids/_adoption_form.html" if request.htmx else "grids/adoption.html"
    status, saved = 200, None
    if request.method == "POST":
        if not may_rate:
            raise PermissionDenied
        rows = entry.entry_rows(grid, phase, [adoption])
        if error:
            status = 400
        else:
            submitted = submitted_cells(request.POST, rows, True)
            rows, saved = entry.save_ratings(grid, phase, [adoption], submitted, request.user)
            if any(row.has_errors for row in rows):
                status, saved = 400, None
            elif not request.htmx:
                messages.success(request, saved_message(saved))
                return redirect(f"{reverse('grids:adoption', args=[code, adoption.pk])}?phase={phase}")
    else:
        rows = entry.entry_rows(grid, phase, [adoption])
    view = scoring.build(grid, phase, adoptions=[adoption])
    items = list(grid.items.all())
    context = rating_context(grid, phase, rows, saved=saved, phase_error=error) | {
        "adoption": adoption,
        "row": rows[0],
        "score": view.rows[0].score,
        "max_score": view.scoring.max_score,
        "change": view.rows[0].change,
        "may_rate": may_rate,
        "history": structure_history(adoption, phase, items),
    }
    return render(request, template, context, status=status)


# Defining a grid


@require(perms.can_manage_evaluation)
def define_page(request, code):
    """The grid of an innovation: its scale, title and ordered items."""
    innovation = get_innovation(code)
    grid = grid_of(innovation)
    rated = grid is not None and Observation.objects.filter(item__grid=grid).exists()
    items = GridItem.objects.filter(grid=grid).order_by("position", "key") if grid else GridItem.objects.none()
    post = request.POST if request.method == "POST" else None
    form = GridForm(post, instance=grid, rated=rated, prefix="grille")
    formset = ItemFormSet(post, queryset=items, prefix="elements")
    if post is not None:
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                saved_grid = form.save(commit=False)
                saved_grid.innovation = innovation
                saved_grid._history_user = request.user
                saved_grid.save()
                for item_form in formset.forms:
                    data = getattr(item_form, "cleaned_data", None)
                    if not data:
                        continue
                    if data.get("DELETE"):
                        if item_form.instance.pk:
                            item_form.instance.delete()
                        continue
                    if not item_form.has_changed() and item_form.instance.pk:
                        continue
                    item = item_form.save(commit=False)
                    item.grid = saved_grid
                    item._history_user = request.user
                    item.save()
            messages.success(request, "La grille est enregistrée.")
            return redirect("grids:define", code=code)
        status = 400
    else:
        status = 200
    context = {"innovation": innovation, "grid": grid, "form": form, "formset": formset, "rated": rated}
    return render(request, "grids/define.html", context, status=status)
