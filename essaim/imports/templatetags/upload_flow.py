"""Filters of the shared upload templates (imports/_upload_check.html)."""

from django import template

register = template.Library()


@register.filter
def plural(count, zero_plural=False):
    """« s » after a count above one, and after zero where the page says « 0 nouvelles »
    (`zero_plural`) rather than « 0 nouvelle »."""
    return "s" if count > 1 or (count == 0 and zero_plural) else ""
