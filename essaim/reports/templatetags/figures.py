from django import template
from django.utils.formats import number_format

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
