"""A link of the main navigation, declared by the app that owns the page.

Each app lists its entries in its AppConfig (`navigation = [Entry(...)]`); the web shell
(essaim/web) gathers them, keeps those the user may open and draws them in `order`. Entries that
name the same `menu` are drawn as one menu, at the place of its first entry (a menu left with a
single entry for a user is drawn as that entry's link). The ground and the shell thus never name
a domain app's pages or permissions.
"""

from dataclasses import dataclass

PROGRAMME = "programme"  # people who use the programme's pages (accounts.perms.can_use_programme)
PUBLIC = "public"  # everyone else: visitors and accounts without programme pages

# The menus of the programme's navigation, by the label they show.
METHOD = "Méthode"
RESULTS = "Résultats"
ADMINISTRATION = "Administration"


@dataclass(frozen=True)
class Entry:
    label: str
    url: str  # the URL name the link opens
    order: int
    allowed: str | None = None  # dotted path of a permission function(user) → bool; None: the whole audience
    current: tuple = ()  # view names, or namespaces ending in ":", where the link marks the current page
    audience: str = PROGRAMME
    menu: str = ""  # the label of the menu the entry goes in; "": a link of its own

    def match(self, view_name):
        """How closely the entry claims the page: 2 by its view name, 1 by its namespace, 0 not at
        all. When two entries claim a page, the closer one marks it."""
        if view_name in self.current:
            return 2
        if any(c.endswith(":") and view_name.startswith(c) for c in self.current):
            return 1
        return 0
