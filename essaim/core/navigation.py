"""A link of the main navigation, declared by the app that owns the page.

Each app lists its entries in its AppConfig (`navigation = [Entry(...)]`); the web shell
(essaim/web) gathers them, keeps those the user may open and draws them in `order`. The ground
and the shell thus never name a domain app's pages or permissions.
"""

from dataclasses import dataclass

PROGRAMME = "programme"  # people who use the programme's pages (accounts.perms.can_use_programme)
PUBLIC = "public"  # everyone else: visitors and accounts without programme pages


@dataclass(frozen=True)
class Entry:
    label: str
    url: str  # the URL name the link opens
    order: int
    allowed: str | None = None  # dotted path of a permission function(user) → bool; None: the whole audience
    current: tuple = ()  # view names, or namespaces ending in ":", where the link marks the current page
    audience: str = PROGRAMME

    def is_current(self, view_name):
        return any(view_name == c or (c.endswith(":") and view_name.startswith(c)) for c in self.current)
