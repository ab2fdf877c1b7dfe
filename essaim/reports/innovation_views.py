"""The innovation report page."""

from django.shortcuts import get_object_or_404, render

from essaim.core.access import require
from essaim.core.cache import cached
from essaim.innovations.models import Innovation
from essaim.presentation.dates import as_of
from essaim.reports import innovation_report
from essaim.reports.perms import can_read_reports, own_structure_ids, sees_unit_figures
from essaim.reports.report_charts import innovation_charts


def shown_adoptions(user, report):
    """Structure by structure: all of them for those who see structures, a member's own only."""
    if sees_unit_figures(user, report.innovation):
        return report.adoptions
    own = own_structure_ids(user)
    return [(adoption, status) for adoption, status in report.adoptions if adoption.structure_id in own]


@require(can_read_reports)
def innovation(request, code):
    innovation = get_object_or_404(Innovation.objects.select_related("porteur"), code=code)
    day, error, today = as_of(request)
    report = cached("innovation_report", (innovation.pk, day), lambda: innovation_report.build(innovation, day))
    context = {
        "innovation": innovation,
        "report": report,
        "adoptions_shown": shown_adoptions(request.user, report),
        "charts": cached("innovation_charts", (innovation.pk, day), lambda: innovation_charts(report)),
        "date_error": error,
        "today": today,
    }
    return render(request, "reports/innovation_report.html", context)
