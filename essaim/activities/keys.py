"""Stable identifiers of activities and events: what the bundle files name them by."""

from django.utils.text import slugify


def free_key(model, *parts, exclude_pk=None):
    """The slug of `parts`, numbered if another record of `model` already has it."""
    base = slugify("-".join(str(p) for p in parts if p))[:70].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(key__startswith=base).exclude(pk=exclude_pk).values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key
