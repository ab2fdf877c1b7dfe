"""What a funder reads first on the to-do page: the programme's latest consolidated results (as
of the last quarter's end, the date funders' figures rest on), each innovation's report, and the
figures the programme's documents published, checked against ours."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format

from essaim.accounts.perms import is_funder
from essaim.core.todo import INFO, Item
from essaim.innovations.models import Innovation

READ = "À lire"


def quarter_end(today):
    """The last day of the last quarter ended by `today`."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return date(today.year, first_month, 1) - timedelta(days=1)


def items(user, today):
    if not is_funder(user):
        return []
    day = quarter_end(today)
    found = [
        Item(
            READ,
            f"Résultats consolidés au {date_format(day, 'j F Y')}",
            f"{reverse('reports:consolidated')}?au={day.isoformat()}",
            "Chaque indicateur, innovation par innovation, avec sa couverture",
            tone=INFO,
        ),
        Item(
            READ,
            "Chiffres publiés",
            reverse("reports:published"),
            "Les chiffres des rapports du programme, rapprochés de ceux calculés ici",
            tone=INFO,
        ),
    ]
    for innovation in Innovation.objects.order_by("name"):
        found.append(
            Item(
                READ,
                f"Rapport : {innovation.name}",
                reverse("reports:innovation", args=[innovation.code]),
                tone=INFO,
            )
        )
    return found
