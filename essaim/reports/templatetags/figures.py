from django import template
from django.utils.formats import number_format

from essaim.core.figures import Cell

register = template.Library()


@register.filter
def figure(cell):
    """A consolidated figure as a reader sees it: the number, or « nc » / « ne », or « — »."""
    if cell.value is not None:
        decimals = 1 if isinstance(cell.value, float) else 0
        return number_format(cell.value, decimal_pos=decimals, force_grouping=True)
    if cell.status in ("nc", "ne"):
        return cell.status
    return "—"


@register.filter
def signed(number):
    """A difference with its sign: +12, −3, 0 (French format, true minus sign)."""
    decimals = 1 if isinstance(number, float) and not float(number).is_integer() else 0
    text = number_format(abs(number), decimal_pos=decimals, force_grouping=True)
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"\u2212{text}"
    return text


@register.filter
def get(mapping, key):
    """mapping[key] in a template, or an empty cell when the key is absent."""
    return mapping.get(key, Cell()) if mapping else Cell()
