"""The toolkit library: guides, charters, training programmes and templates, shared freely.
Published tools are listed and downloaded by anyone, without an account; drafts only by the
programme team, which adds, versions and publishes them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.activities import perms
from essaim.activities.enums import ToolKind
from essaim.activities.forms import ToolForm
from essaim.activities.models import Tool
from essaim.core.access import require
from essaim.core.documents import download
from essaim.innovations.models import Innovation


def tool_list(request):
    manage = perms.can_manage_toolkit(request.user)
    tools = Tool.objects.select_related("innovation")
    if not manage:
        tools = tools.filter(published=True)
    code = request.GET.get("innovation", "")
    if code:
        tools = tools.filter(innovation__code=code)
    kind = request.GET.get("type", "")
    if kind in ToolKind.values:
        tools = tools.filter(kind=kind)
    innovations = Innovation.objects.filter(tools__isnull=False)
    if not manage:
        innovations = innovations.filter(tools__published=True)
    context = {
        "tools": tools.order_by("innovation__sort_name", "kind", "title", "-version"),
        "innovations": innovations.distinct().order_by("sort_name"),
        "kinds": ToolKind.choices,
        "code": code,
        "kind": kind,
        "can_manage": manage,
    }
    return render(request, "activities/toolkit.html", context)


@require(perms.can_manage_toolkit)
def tool_create(request):
    initial = {}
    innovation = Innovation.objects.filter(code=request.GET.get("innovation", "")).first()
    if innovation is not None:
        initial["innovation"] = innovation.pk
    form = ToolForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        tool = form.save()
        messages.success(
            request, f"« {tool.title} » est dans la boîte à outils{'' if tool.published else ' (non publié)'}."
        )
        return redirect("toolkit:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/tool_form.html", {"form": form}, status=status)


@require(perms.can_manage_toolkit)
def tool_edit(request, pk):
    tool = get_object_or_404(Tool, pk=pk)
    form = ToolForm(request.POST or None, request.FILES or None, instance=tool)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"« {tool.title} » est mis à jour.")
        return redirect("toolkit:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/tool_form.html", {"form": form, "tool": tool}, status=status)


@require_POST
@require(perms.can_manage_toolkit)
def tool_publish(request, pk):
    tool = get_object_or_404(Tool, pk=pk)
    publish = request.POST.get("published") == "1"
    if publish and not tool.file:
        messages.error(request, f"« {tool.title} » n'a pas de fichier : déposez-le avant de publier l'outil.")
    else:
        tool.published = publish
        tool.save(update_fields=["published", "published_on", "updated_at"])
        messages.success(request, f"« {tool.title} » est {'publié' if publish else 'retiré de la publication'}.")
    return redirect("toolkit:list")


def tool_download(request, pk):
    tool = get_object_or_404(Tool, pk=pk)
    if not tool.published and not perms.can_manage_toolkit(request.user):
        raise Http404("Outil introuvable.")
    return download(tool.file, tool.title, version=tool.version)
