"""The main navigation: the entries every app declares (core/navigation.py), kept when the user
may open them, in their order, those of a menu together at the place of the menu's first entry;
a context processor gives them to the base template."""

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
    """The items of the navigation for `user` on the page `view_name` (see `items`)."""
    return items(entries(), user, view_name)


def items(declared, user, view_name):
    """The items of `declared` ((entry, permission) in order) that `user` may open, on the page
    `view_name`: a link is {label, url, current}; a menu is {label, links: [link, …], current}.
    A menu with one link the user may open is that link. One link at most is current: the one
    that claims the page most closely (Entry.match)."""
    audience = PROGRAMME if can_use_programme(user) else PUBLIC
    shown = [entry for entry, allowed in declared if entry.audience == audience and (allowed is None or allowed(user))]
    best = max((entry.match(view_name) for entry in shown), default=0)
    found, menus = [], {}
    for entry in shown:
        link = {"label": entry.label, "url": entry.url, "current": best > 0 and entry.match(view_name) == best}
        if not entry.menu:
            found.append(link)
        elif entry.menu in menus:
            menus[entry.menu]["links"].append(link)
        else:
            menus[entry.menu] = {"label": entry.menu, "links": [link]}
            found.append(menus[entry.menu])
    for menu in menus.values():
        menu["current"] = any(link["current"] for link in menu["links"])
    return [item["links"][0] if len(item.get("links", ())) == 1 else item for item in found]


def navigation(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {"nav": {"programme": can_use_programme(user), "links": links(user, match.view_name if match else "")}}
