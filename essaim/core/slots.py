"""Parts that an app adds to a page another app owns, declared in its AppConfig.

A page names a slot (`"innovation_adoptions"`); any app fills it by naming, in its AppConfig,
`slots = {"innovation_adoptions": "dotted.path.to.function"}`: a function (request, obj) → HTML
(a safe string, "" when it has nothing to add). `fill()` renders every filler in the order of
INSTALLED_APPS. So the reports set the documents' published figures beside the figures a domain
page computes without the domain importing the reports, the way the web shell gathers the
navigation each app declares (core/navigation.py).
"""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


@cache
def fillers(name):
    """The functions that fill the slot `name`, in the order of the apps."""
    paths = [getattr(config, "slots", {}).get(name) for config in apps.get_app_configs()]
    return [import_string(path) for path in paths if path]


def fill(name, request, obj):
    """What every app adds to the slot `name` of the page showing `obj`."""
    return mark_safe("".join(str(filler(request, obj)) for filler in fillers(name)))
