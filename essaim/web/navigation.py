"""The main navigation: the entries every app declares (core/navigation.py), kept when the user
may open them, in their order; a context processor gives them to the base template."""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

from essaim.accounts.perms import can_use_programme
from essaim.core.navigation import PROGRAMME, PUBLIC


@cache
def entries():
    """(entry, permission function or None) of every app, in order."""
    found = [entry for config in apps.get_app_configs() for entry in getattr(config, "navigation", ())]
    found.sort(key=lambda entry: (entry.audience, entry.order))
    return [(entry, import_string(entry.allowed) if entry.allowed else None) for entry in found]


def links(user, view_name):
    """[{label, url, current}] of the entries `user` may open."""
    audience = PROGRAMME if can_use_programme(user) else PUBLIC
    return [
        {"label": entry.label, "url": entry.url, "current": entry.is_current(view_name)}
        for entry, allowed in entries()
        if entry.audience == audience and (allowed is None or allowed(user))
    ]


def navigation(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {"nav": {"programme": can_use_programme(user), "links": links(user, match.view_name if match else "")}}
