"""Comparing names as people read them: without case or accents, numbers in their order.

`folded` is a text as compared by people (« Énergie » = « energie »); `sort_key` is the key names
are sorted on (« Abeilles » before « ATD Quart Monde », « n°2 » before « n°10 »), computed here
and stored in an indexed field (`SortKeyField`) where the database sorts a list. That field is
compared code point by code point on every database (SQLite's BINARY, PostgreSQL's "C"
collation), as Python compares strings: a list comes in the same order from SQLite, PostgreSQL
and `sorted(…, key=sort_key)`."""

import re
import unicodedata

from django.db import models

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


class SortKeyField(models.CharField):
    """The sort key of another field of the model (`source`), filled on every save (and by
    `bulk_create`; a `bulk_update` or `update` of the source must set it too): order a list by it
    for names in the order people expect, on SQLite and PostgreSQL alike. Nullable only so that
    SQLite adds the column in place (a NOT NULL column makes Django rebuild the table, which the
    reference triggers of core/references.py forbid); a saved row always has its key."""

    def __init__(self, *args, source="name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"  # code point order, as SQLite and Python compare
        return parameters

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for option, value in (("max_length", 600), ("editable", False), ("db_index", True), ("null", True)):
            if kwargs.get(option) == value:
                kwargs.pop(option)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = sort_key(getattr(model_instance, self.source))[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value
