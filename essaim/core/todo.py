"""What waits for a person: the items of the to-do page (« À faire »), the home after login.

Each app declares in its AppConfig `todo = ["dotted.path.of.a.function", …]`; each function takes
(user, today) and returns the `Item`s it has for that user, none when their role has nothing to
do there. The web shell (web/todo.py) gathers them in the apps' order, keeps the sections
together and draws them; the ground and the shell thus never name a domain app's rules.
"""

from dataclasses import dataclass
from datetime import date

LATE, DUE, WAITING, INFO = "late", "due", "waiting", "info"  # how pressing an item is, most first
TONES = (LATE, DUE, WAITING, INFO)


@dataclass(frozen=True)
class Item:
    section: str  # the heading it goes under, e.g. « Chiffres à transmettre »
    title: str
    url: str
    detail: str = ""
    due: date | None = None
    tone: str = WAITING

    @property
    def order(self):
        """Most pressing first, then the nearest due date; ties keep their provider's order."""
        return (TONES.index(self.tone), self.due or date.max)
