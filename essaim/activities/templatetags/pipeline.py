"""The card of an innovation's page that leads to its pipeline: feasibility study, mobilisation,
calendar, events and charter, toolkit — each link only for those who may open it."""

from django import template

from essaim.activities import perms
from essaim.activities.figures import PROFESSIONALS, professionals_trained, trained_by_innovation
from essaim.activities.models import Activity, Event, Tool
from essaim.calls.perms import can_view_feasibility

register = template.Library()


@register.inclusion_tag("activities/_pipeline_card.html", takes_context=True)
def pipeline_links(context, innovation):
    user = context["request"].user
    return {
        "innovation": innovation,
        "feasibility": can_view_feasibility(user, innovation),
        "mobilisation": perms.can_view_mobilisation(user, innovation),
        "events": perms.can_open_events(user, innovation),
        "n_activities": Activity.objects.filter(innovation=innovation).count(),
        "n_events": Event.objects.filter(innovation=innovation).count(),
        "n_tools": Tool.objects.filter(innovation=innovation, published=True).count(),
    }


@register.inclusion_tag("activities/_trained_table.html")
def trained_beside_table(table):
    """Under the consolidated table: professionals trained (counted from attendance) beside the
    professionals the structures reported, for the innovations that have training attendance."""
    counts = trained_by_innovation(table.as_of)
    rows = [
        {"innovation": row.innovation, "reported": row.cells.get(PROFESSIONALS), "trained": counts[row.innovation.pk]}
        for row in table.rows
        if row.innovation.pk in counts
    ]
    return {"rows": rows, "day": table.as_of}


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
