"""Professionals trained, counted from the attendance at trainings (formation-action sessions
and regional trainings).

The same people usually attend every session of a training: for each structure the count is
the largest number of its professionals present at one training session (up to the date asked
for), and the innovation's count adds the structures up. A structure whose number is not known
adds nothing and is counted apart, so that the figure says how many structures it covers
("12, 6 structures sur 9"). The figure is shown beside the « Professionnels impliqués » the
structures reported; it is never written into the reported figures.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Max

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Attendance

PROFESSIONALS = "professionals_involved"  # the reported indicator the count is shown beside


@dataclass
class TrainedCount:
    number: int | None = None  # None when no structure's number is known
    known: int = 0  # structures whose number is known
    structures: int = 0  # structures that attended a training

    @property
    def complete(self):
        return self.structures > 0 and self.known == self.structures


def trained_by_innovation(as_of=None, innovation_ids=None):
    """innovation id → TrainedCount, for the innovations that have training attendance.

    Added up in the database, in two steps: the largest known number per innovation and
    structure (MAX skips the unknown ones, and is NULL when none is known), then per innovation
    their sum, how many are known and how many structures came."""
    largest = (
        Attendance.objects.filter(activity__kind__in=ActivityKind.trainings(), activity__innovation__isnull=False)
        .order_by()
        .values("structure_id", innovation=F("activity__innovation_id"))
        .annotate(largest=Max("professionals"))
        .values_list("innovation", "largest")
    )
    if as_of is not None:
        largest = largest.filter(activity__starts_on__lte=as_of)
    if innovation_ids is not None:
        largest = largest.filter(activity__innovation_id__in=innovation_ids)
    try:
        inner, params = largest.query.sql_with_params()
    except EmptyResultSet:  # innovation_ids is empty
        return {}
    sql = (
        f"SELECT innovation, SUM(largest), COUNT(largest), COUNT(*) FROM ({inner}) AS per_structure GROUP BY innovation"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        innovation_id: TrainedCount(None if number is None else int(number), known, structures)
        for innovation_id, number, known, structures in rows
    }


def professionals_trained(innovation, as_of=None):
    return trained_by_innovation(as_of, [innovation.pk]).get(innovation.pk, TrainedCount())


def trained_beside(table):
    """Under a consolidated table: professionals trained (counted from attendance) beside the
    professionals the structures reported, one row per innovation that has training attendance."""
    counts = trained_by_innovation(table.as_of)
    return [
        {"innovation": row.innovation, "reported": row.cells.get(PROFESSIONALS), "trained": counts[row.innovation.pk]}
        for row in table.rows
        if row.innovation.pk in counts
    ]
