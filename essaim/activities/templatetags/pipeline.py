"""The card of an innovation's page that leads to its pipeline: feasibility study, mobilisation,
calendar, events and charter, toolkit — each link only for those who may open it."""

from django import template
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from essaim.activities import perms
from essaim.activities.figures import PROFESSIONALS, professionals_trained
from essaim.activities.models import Activity, Event, Tool
from essaim.calls.perms import can_view_feasibility
from essaim.innovations.models import Innovation

register = template.Library()


def count_of(queryset):
    """How many rows of `queryset` belong to the outer innovation, as a subquery."""
    per_innovation = queryset.filter(innovation=OuterRef("pk")).order_by().values("innovation")
    return Coalesce(Subquery(per_innovation.annotate(n=Count("pk")).values("n")), 0)


@register.inclusion_tag("activities/_pipeline_card.html", takes_context=True)
def pipeline_links(context, innovation):
    user = context["request"].user
    counts = Innovation.objects.filter(pk=innovation.pk).values(
        n_activities=count_of(Activity.objects.all()),
        n_events=count_of(Event.objects.all()),
        n_tools=count_of(Tool.objects.filter(published=True)),
    )
    return {
        "innovation": innovation,
        "feasibility": can_view_feasibility(user, innovation),
        "mobilisation": perms.can_view_mobilisation(user, innovation),
        "events": perms.can_open_events(user, innovation),
        **counts.get(),
    }


@register.inclusion_tag("activities/_trained_cell.html")
def trained_beside_cell(innovation, indicator, day):
    """On the page of one figure: the count from attendance, when the figure is the
    professionals reported."""
    if indicator.code != PROFESSIONALS:
        return {"shown": False}
    return {"shown": True, "innovation": innovation, "trained": professionals_trained(innovation, day), "day": day}


@register.inclusion_tag("activities/_nav.html", takes_context=True)
def pipeline_nav(context, innovation, current):
    """The tabs of an innovation's pipeline pages, each only for those who may open it."""
    user = context["request"].user
    return {
        "innovation": innovation,
        "current": current,
        "feasibility": can_view_feasibility(user, innovation),
        "mobilisation": perms.can_view_mobilisation(user, innovation),
        "events": perms.can_open_events(user, innovation),
    }
