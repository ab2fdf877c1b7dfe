"""Comparing names as people read them: without case or accents, numbers in their order.

`folded` is a text as compared by people (« Énergie » = « energie »); `sort_key` is the key names
are sorted on (« Abeilles » before « ATD Quart Monde », « n°2 » before « n°10 »)."""

import re
import unicodedata

DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")
# A run of digits is padded to this width: numbers up to 10^12 sort in their order.
DIGITS_WIDTH = 12


def folded(text):
    """`text` trimmed, in lower case, without accents (œ and æ spelt out), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return SPACES.sub(" ", plain.replace("œ", "oe").replace("æ", "ae"))


def sort_key(text):
    """The key a name sorts on: `folded`, each run of digits zero-padded so that numbers sort in
    their order. Two names folding alike have one key: order by the key, then by id."""
    return DIGITS.sub(lambda digits: digits.group().rjust(DIGITS_WIDTH, "0"), folded(text))
