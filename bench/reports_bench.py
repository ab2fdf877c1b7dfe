"""Report measurements: the figures template for 1,000 structures, and the consolidated
evaluation printed to PDF at national scale (target: under 30 s)."""

from django.utils import timezone

from bench.measure import Measure, timed
from essaim.evaluation.figure_template import TemplateRow, as_xlsx, entry_indicators
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reports.render import render
from essaim.synthetic import national


def template_for_1000_structures():
    innovation = Innovation.objects.filter(code__startswith=national.PREFIX).order_by("code").first()
    structures = list(Structure.objects.filter(key__startswith="syn-").order_by("pk")[:1000])
    indicators = entry_indicators()
    rows = [TemplateRow(structure, indicator, None) for structure in structures for indicator in indicators]
    day = national.month_end(national.MONTHS - 1)
    return lambda: as_xlsx(innovation, day, rows)


def measures(repeat=5):
    today = timezone.localdate()
    return [
        Measure("Modèle XLSX de saisie, 1 000 structures", timed(template_for_1000_structures(), repeat), target=None),
        Measure(
            "Évaluation consolidée en PDF, échelle nationale",
            timed(lambda: render("consolidated", today, "pdf"), repeat),
            target=30.0,
        ),
    ]
