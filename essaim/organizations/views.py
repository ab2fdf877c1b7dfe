from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from essaim.accounts.enums import Role
from essaim.core.access import require
from essaim.evaluation.perms import can_enter_values
from essaim.organizations import perms, referents
from essaim.organizations.forms import StructureFilterForm
from essaim.programmes.scope import in_this_programme
from essaim.swarming.perms import can_change_status, visible_adoptions


@require(perms.can_list_structures)
def structure_list(request):
    can_manage = perms.can_manage_structures(request.user)
    form = StructureFilterForm(request.GET or None, with_referents=can_manage)
    structures = perms.visible_structures(request.user)
    if can_manage:
        structures = referents.with_referent_flag(structures, request.programme)
    if form.is_bound:
        structures = form.filter(structures)
    structures = (
        structures.select_related("departement")
        .annotate(n_adoptions=Count("adoptions", filter=in_this_programme("adoptions"), distinct=True))
        .order_by("sort_name", "id")
    )
    page = Paginator(structures, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "organizations/_results.html" if request.htmx else "organizations/list.html"
    context = {"form": form, "page": page, "query": query.urlencode(), "can_manage": can_manage}
    if can_manage:
        context["n_without_referent"] = (
            referents.with_referent_flag(perms.visible_structures(request.user), request.programme)
            .filter(needs_referent=True)
            .count()
        )
    return render(request, template, context)


@require(perms.can_list_structures)
def structure_detail(request, pk):
    structure = get_object_or_404(
        perms.visible_structures(request.user).select_related("departement__region", "source"), pk=pk
    )
    adoptions = (
        visible_adoptions(request.user)
        .filter(structure=structure)
        .select_related("innovation", "source", "wave_led_by")
        .prefetch_related("status_changes")
    )
    members = None
    if perms.can_see_members(request.user):  # the accounts of this programme: the others are nobody here
        members = structure.memberships.active().filter(programme=request.programme).select_related("user")
    can_manage = perms.can_manage_structures(request.user)
    enterable = {a.pk for a in adoptions if can_enter_values(request.user, a)}
    return render(
        request,
        "organizations/detail.html",
        {
            "structure": structure,
            "adoptions": adoptions,
            "carried": structure.innovations_carried.all(),
            "networks": structure.networks.all(),
            "members": members,
            "enterable": enterable,
            "can_change_status": can_change_status(request.user),
            "can_manage": can_manage,
            "needs_referent": can_manage and referents.needs_referent(structure, request.programme),
            "can_invite": can_manage and not structure.is_placeholder,
            "referent_role": Role.STRUCTURE_MEMBER if not structure.innovations_carried.exists() else Role.INNOVATOR,
        },
    )
