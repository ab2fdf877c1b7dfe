"""Template pieces the embedded evaluation adds to other apps' pages: a card on the innovation
page, the findings section of the innovation report (page and PDF), a line on the method board."""

from django import template
from django.db.models import Count, F

from essaim.grids import perms
from essaim.grids.models import Finding, Grid

register = template.Library()


@register.filter
def lookup(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def fr_plural(count, suffixes="s"):
    """French plural: 0 and 1 are singular (« 0 rapport », « 1 rapport », « 2 rapports »)."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        return plural if abs(int(count)) > 1 else singular
    except (TypeError, ValueError):
        return singular


def user_of(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("grids/_innovation_card.html", takes_context=True)
def evaluation_card(context, innovation):
    user = user_of(context)
    grid = Grid.objects.filter(innovation=innovation).select_related("scale").annotate(n_items=Count("items")).first()
    return {
        "innovation": innovation,
        "grid": grid,
        "n_items": grid.n_items if grid else 0,
        "can_rate": grid is not None and perms.can_rate_innovation(user, innovation),
        "can_manage": perms.can_manage_evaluation(user),
        "phases": innovation.evaluation_phases.order_by("number"),
    }


@register.inclusion_tag("grids/_report_findings.html", takes_context=True)
def evaluation_findings(context, innovation, as_of):
    """Findings observed by `as_of`. Findings tied to a structure are shown, with its name, only
    to those who read that structure (team, evaluators, the porteur, the structure's members);
    everyone else, funders and the PDF (no request: the aggregate view) included, reads the
    findings about the innovation as a whole, and a count of the others."""
    user = user_of(context)
    findings = Finding.objects.filter(innovation=innovation, observed_on__lte=as_of).select_related("structure")
    shown = perms.visible_findings(user, findings) if user is not None else findings.filter(structure__isnull=True)
    shown = list(shown.order_by(F("phase").asc(nulls_last=True), "kind", "observed_on", "id"))
    return {
        "findings": shown,
        "hidden": findings.count() - len(shown),
        "as_of": as_of,
        "link": user is not None and perms.can_open_evaluation(user),
        "innovation": innovation,
    }
