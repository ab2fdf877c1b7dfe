"""Filters for the print stylesheet of PDF reports (reports/pdf/print.css)."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end a CSS string or the <style> element it sits in.
UNSAFE = set("\"\\<>&'") | {chr(c) for c in range(0x20)} | {"\x7f"}


@register.filter
def css_string(text):
    """`text` as the inside of a double-quoted CSS string (the page header's `content`): quotes,
    backslashes, angle brackets and control characters escaped the CSS way (`\\22 `), everything
    else, accents included, kept as is. The HTML parser does not decode entities inside <style>,
    so HTML escaping would print « &#x27; » and JavaScript escaping « u0027 »."""
    return mark_safe("".join(f"\\{ord(c):x} " if c in UNSAFE else c for c in str(text)))
