"""The figures the activity pages show, computed by the database, come out the same as the plain
computations they replaced: professionals trained (the largest number per structure, added up)
and the calendar's « Professionnels impliqués » (the consolidated table's cell)."""

import datetime
import random
from collections import defaultdict

import pytest

from essaim.activities.activity_views import reported_professionals
from essaim.activities.enums import ActivityKind
from essaim.activities.figures import PROFESSIONALS, TrainedCount, trained_by_innovation
from essaim.activities.models import Activity, Attendance
from essaim.evaluation.consolidation import consolidate
from essaim.innovations.models import Innovation
from essaim.reference.load import load_reference_data
from tests.factories import InnovationFactory, StructureFactory


def trained_in_python(as_of=None, innovation_ids=None):
    """The computation the pages made before: every training attendance read into Python."""
    rows = Attendance.objects.filter(
        activity__kind__in=ActivityKind.trainings(), activity__innovation__isnull=False
    ).values_list("activity__innovation_id", "structure_id", "professionals")
    if as_of is not None:
        rows = rows.filter(activity__starts_on__lte=as_of)
    if innovation_ids is not None:
        rows = rows.filter(activity__innovation_id__in=innovation_ids)
    largest = defaultdict(dict)
    for innovation_id, structure_id, professionals in rows:
        current = largest[innovation_id].get(structure_id)
        if professionals is not None and (current is None or professionals > current):
            largest[innovation_id][structure_id] = professionals
        else:
            largest[innovation_id].setdefault(structure_id, current)
    counts = {}
    for innovation_id, structures in largest.items():
        known = [n for n in structures.values() if n is not None]
        counts[innovation_id] = TrainedCount(sum(known) if known else None, len(known), len(structures))
    return counts


@pytest.fixture
def attendance(db):
    """Activities of every kind over three years (some of the programme, with no innovation) and
    their attendance at random, with numbers, zeros and unknowns; then an innovation whose
    structures are known at one session and not at another, and one known at none."""
    rng = random.Random(7)
    innovations = [InnovationFactory() for _ in range(5)]
    structures = [StructureFactory() for _ in range(8)]
    kinds = list(ActivityKind.values)
    for n in range(40):
        innovation = None if n % 10 == 0 else rng.choice(innovations[:3])
        kind = rng.choice(kinds)
        day = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        activity = Activity.objects.create(innovation=innovation, kind=kind, title=f"Activité {n}", starts_on=day)
        for structure in rng.sample(structures, rng.randint(0, 5)):
            professionals = rng.choice([None, 0, 1, 2, 3, 5, 8, None])
            Attendance.objects.create(activity=activity, structure=structure, professionals=professionals)
    one, two, three = (
        Activity.objects.create(innovation=innovations[3], kind=kind, title="Session", starts_on=day)
        for kind, day in [
            ("formation_action", datetime.date(2017, 3, 1)),
            ("regional_training", datetime.date(2017, 10, 1)),
            ("site_visit", datetime.date(2017, 11, 1)),
        ]
    )
    for activity, first, second in [(one, None, None), (two, 4, None), (three, 9, 9)]:
        Attendance.objects.create(activity=activity, structure=structures[0], professionals=first)
        Attendance.objects.create(activity=activity, structure=structures[1], professionals=second)
    unknown = Activity.objects.create(
        innovation=innovations[4], kind="formation_action", title="Session", starts_on=datetime.date(2018, 1, 1)
    )
    Attendance.objects.create(activity=unknown, structure=structures[2])
    assert Attendance.objects.filter(professionals=0).exists()
    return innovations


DAYS = [None, datetime.date(2016, 12, 31), datetime.date(2017, 9, 30), datetime.date(2018, 6, 30)]


def test_the_data_has_known_unknown_and_partly_known_structures(attendance):
    counts = trained_by_innovation()
    assert counts[attendance[3].pk] == TrainedCount(4, 1, 2)
    assert counts[attendance[4].pk] == TrainedCount(None, 0, 1)
    assert trained_by_innovation(datetime.date(2017, 6, 30))[attendance[3].pk] == TrainedCount(None, 0, 2)


@pytest.mark.parametrize("day", DAYS)
def test_professionals_trained_are_the_same_as_counted_in_python(attendance, day):
    expected = trained_in_python(day)
    assert trained_by_innovation(day) == expected
    for innovation in attendance:
        ids = [innovation.pk]
        assert trained_by_innovation(day, ids) == trained_in_python(day, ids)
    assert trained_by_innovation(day, []) == {}


def test_the_calendar_s_reported_figure_is_the_consolidated_table_s(db):
    load_reference_data()
    for day in (datetime.date(2018, 6, 30), datetime.date(2019, 3, 31), datetime.date(2020, 12, 31)):
        whole = {row.innovation.pk: row.cells[PROFESSIONALS] for row in consolidate(day).rows}
        for innovation in Innovation.objects.all():
            assert reported_professionals(innovation, day) == whole.get(innovation.pk), (day, innovation.code)
