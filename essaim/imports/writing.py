"""Small helpers to write records: one record through the ORM, keeping its history row with
its author; batches. For hundreds of thousands of rows, see `fast_write`."""

from itertools import islice

BATCH_SIZE = 2000


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def batches(items, size=BATCH_SIZE):
    """Lists of at most `size` items, from any iterable (a generator is not copied whole)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def save(instance, *, user=None):
    """Save one record; its history row names `user` when there is one."""
    if user is not None and has_history(type(instance)):
        instance._history_user = user
    instance.save()
