"""History that begins at a record's first change (django-simple-history, for tables of millions).

A record created and never changed is its own history: it says who entered it and when. Its
first history row is written when it first changes or is deleted: a copy of the row as it was
(type "+", dated when it was entered, by whom it was entered), then the change itself ("~" or
"-") as django-simple-history writes it. The history of a record that changed is thus the same,
row for row, as if its creation had been recorded at once; a million imported values cost no
history row until one of them is corrected.

A model opts in with `history = HistoryFromFirstChange(created=("entered_at", "entered_by"), …)`:
the fields that say when and by whom the record was entered. Every way the application changes
such records goes through the copy: `save()` and `delete()` (signals), the fast writes
(`imports.fast_write.update_rows`) and the staged imports (`original_rows`). The reports cache
reads the table's last id beside its last history row (`core.cache`).
"""

from django.conf import settings
from django.db import connections, models
from simple_history.models import HistoricalRecords

from essaim.core.sql_rows import HistoryCopy


class HistoryFromFirstChange(HistoricalRecords):
    def __init__(self, *args, created, **kwargs):
        super().__init__(*args, **kwargs)
        self.created = created

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            date_field, user_field = (sender._meta.get_field(name) for name in self.created)
            sender.history_created_fields = (date_field.attname, user_field.attname)
            models.signals.pre_save.connect(self.keep_original, sender=sender, weak=False)

    def post_save(self, instance, created, using=None, **kwargs):
        if not created:
            super().post_save(instance, created, using=using, **kwargs)

    def pre_delete(self, instance, **kwargs):
        super().pre_delete(instance, **kwargs)
        self.keep_original(type(instance), instance, using=kwargs.get("using"))

    def keep_original(self, sender, instance, raw=False, using=None, **kwargs):
        """Before a change: the row as saved becomes the first history row, if it has none."""
        if raw or instance._state.adding or instance.pk is None:
            return
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or hasattr(instance, "skip_history_when_saving"):
            return
        connection = connections[using or instance._state.db or "default"]
        with connection.cursor() as cursor:
            original_rows(sender, connection).ids(cursor, [instance.pk])


def created_fields(model):
    """(date, user) attribute names of a model whose history begins at the first change, else None."""
    return getattr(model, "history_created_fields", None)


def original_rows(model, connection):
    """A `HistoryCopy` writing, for rows of `model` that have no history row yet, a "+" row
    dated and signed as the row was entered."""
    return HistoryCopy(model, None, connection, "+", as_entered=created_fields(model))
