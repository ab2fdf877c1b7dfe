"""The periods collection campaigns expected and a structure left without a value, for the
consolidation of `sum` indicators (docs/consolidation.md).

A `sum` indicator adds up every period of its window: a structure that gave numbers for some
months but nothing for a month a campaign asked for has an incomplete total, however many
numbers it gave. For each campaign whose period end falls in the window, each structure it
expected on that day (the engine's expected units then) and each `sum` indicator it asked, a
missing value is a missing period of that structure; the engine then shows the cell as partial.
"""

from collections import defaultdict

from django.db.models import Q

from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.enums import Level
from essaim.evaluation.models import Indicator, Value


def missing_periods(sum_ids, as_of, start, units, expected_on, innovation_ids=None):
    """(innovation id, indicator id) → {structure id: missing periods}, for the structures of
    `units` (those the cell counts). `expected_on(day, innovation_ids)` gives the units expected
    on a campaign's period end (consolidation.expected_units)."""
    if not sum_ids:
        return {}
    campaigns = Campaign.objects.filter(period_end__lte=as_of).prefetch_related("indicators")
    if start is not None:
        campaigns = campaigns.filter(period_end__gte=start)
    if innovation_ids is not None:
        campaigns = campaigns.filter(Q(innovation_id__in=innovation_ids) | Q(innovation__isnull=True))
    campaigns = list(campaigns)
    if not campaigns:
        return {}
    wanted = set(sum_ids)
    every = None
    asked, days = {}, set()
    for campaign in campaigns:
        chosen = {indicator.pk for indicator in campaign.indicators.all()}
        if not chosen:
            if every is None:
                every = set(
                    Indicator.objects.base()
                    .filter(levels__in=[Level.STRUCTURE, Level.BOTH])
                    .values_list("pk", flat=True)
                )
            chosen = every
        asked[campaign.pk] = chosen & wanted
        if asked[campaign.pk]:
            days.add(campaign.period_end)
    if not days:
        return {}
    present = set(
        Value.objects.filter(indicator_id__in=wanted, period_end__in=days, structure__isnull=False).values_list(
            "innovation_id", "structure_id", "indicator_id", "period_end"
        )
    )
    missing = defaultdict(lambda: defaultdict(int))
    expected_then = {}
    for campaign in campaigns:
        if not asked[campaign.pk]:
            continue
        day = campaign.period_end
        if day not in expected_then:
            expected_then[day] = expected_on(day, innovation_ids)
        for innovation_id, structures in expected_then[day].items():
            if campaign.innovation_id not in (None, innovation_id):
                continue
            counted = structures & units.get(innovation_id, set())
            for structure_id in counted:
                for indicator_id in asked[campaign.pk]:
                    if (innovation_id, structure_id, indicator_id, day) not in present:
                        missing[innovation_id, indicator_id][structure_id] += 1
    return missing
