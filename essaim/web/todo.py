"""The to-do page (« À faire »), the home after login: what each app has for the person
(core/todo.py), gathered in sections, the most pressing first."""

from functools import cache

from django.apps import apps
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

from essaim.accounts.perms import can_use_programme
from essaim.core.access import require
from essaim.core.todo import TONES


@cache
def providers():
    return [import_string(path) for config in apps.get_app_configs() for path in getattr(config, "todo", ())]


SHOWN = 30  # items shown per section; the others are counted


def sections(user, today):
    """[(heading, [item, …]), …]: each section's items most pressing first; the sections in the
    order of their most pressing item, then of the apps."""
    found = {}
    for provider in providers():
        for item in provider(user, today):
            found.setdefault(item.section, []).append(item)
    for items in found.values():
        items.sort(key=lambda item: item.order)
    ordered = sorted(enumerate(found.items()), key=lambda pair: (TONES.index(pair[1][1][0].tone), pair[0]))
    return [section for _, section in ordered]


@require(can_use_programme)
def todo(request):
    today = timezone.localdate()
    found = sections(request.user, today)
    shown = [(heading, items[:SHOWN], len(items), len(items) - SHOWN) for heading, items in found]
    return render(request, "web/todo.html", {"sections": shown, "today": today})
