"""An activity's title as a viewer may read it.

Titles taken from the seeds name the structures present (« Formation A.CO.R — AgiRE »). Who
attended is for those who see the attendance (perms.attendance_structure_ids): a viewer reads a
title, and its modules, without the names of the structures it may not see, among those that
attended the activity or adopted its innovation. Every page that shows an activity's title goes
through `shown_titles` (lists, the calendar, the activity's page); the files the team exchanges
(the bundle's activities.csv) keep the title as recorded.
"""

import re
from collections import defaultdict

from essaim.activities.models import Attendance
from essaim.activities.perms import attendance_structure_ids
from essaim.swarming.models import Adoption

# What removing a name can leave at an end of the title: separators, empty brackets, and the
# small words that led to the name (« Formation chez ADEFO » → « Formation »).
LEFT_AT_AN_END = re.compile(r"(?:[\s,;:/·&—–-]|\(\s*\)|\b(?:et|pour|chez|avec|de|du|des|à|au|aux)\b)+", re.I)
EMPTY_BRACKETS = re.compile(r"\(\s*(?:[,;/&]|\bet\b|\s)*\)", re.I)
DANGLING_LIST = re.compile(r"\s*(?:,|&|\bet\b)\s*(?=,|&|\bet\b|[—–:;)]|$)", re.I)
LEADING_LIST = re.compile(r"([—–:;(])\s*(?:(?:,|&|\bet\b)\s*)+", re.I)


def without_names(text, names):
    """`text` without any of `names` (whole words, whatever the case), and without what a removed
    name leaves behind. Unchanged when it names none of them."""
    found = text
    for name in sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True):
        found = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", found, flags=re.I)
    if found == text:
        return text
    previous = None
    while previous != found:
        previous = found
        found = EMPTY_BRACKETS.sub(" ", found)
        found = DANGLING_LIST.sub("", found)
        found = LEADING_LIST.sub(r"\1 ", found)
        found = re.sub(rf"^{LEFT_AT_AN_END.pattern}|{LEFT_AT_AN_END.pattern}$", "", found, flags=re.I)
    return " ".join(found.split())


def hidden_names(user, activities):
    """{activity pk: names of structures `user` may not read in its title}; activities whose
    viewer sees every structure are left out (and cost no query)."""
    allowed = {}
    for activity in activities:
        if activity.innovation_id not in allowed:
            allowed[activity.innovation_id] = attendance_structure_ids(user, activity.innovation)
    restricted = [a for a in activities if allowed[a.innovation_id] is not None]
    if not restricted:
        return {}
    present = defaultdict(set)
    for activity_id, structure_id, name in Attendance.objects.filter(activity__in=restricted).values_list(
        "activity_id", "structure_id", "structure__name"
    ):
        present[activity_id].add((structure_id, name))
    adopting = defaultdict(set)
    innovations = {a.innovation_id for a in restricted if a.innovation_id}
    for innovation_id, structure_id, name in Adoption.objects.filter(innovation__in=innovations).values_list(
        "innovation_id", "structure_id", "structure__name"
    ):
        adopting[innovation_id].add((structure_id, name))
    hidden = {}
    for activity in restricted:
        seen = allowed[activity.innovation_id]
        structures = present[activity.pk] | adopting.get(activity.innovation_id, set())
        hidden[activity.pk] = [name for structure_id, name in structures if structure_id not in seen]
    return hidden


def shown_titles(user, activities):
    """`activities` (a list), each with `shown_title` and `shown_module`: its title and modules as
    `user` may read them (the kind of activity when nothing else is left)."""
    activities = list(activities)
    hidden = hidden_names(user, activities)
    for activity in activities:
        names = hidden.get(activity.pk, ())
        activity.shown_title = without_names(activity.title, names) or activity.get_kind_display()
        activity.shown_module = without_names(activity.module, names)
    return activities
