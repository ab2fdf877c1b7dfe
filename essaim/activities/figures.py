"""Professionals trained, counted from the attendance at trainings (formation-action sessions
and regional trainings).

The same people usually attend every session of a training: for each structure the count is
the largest number of its professionals present at one training session (up to the date asked
for), and the innovation's count adds the structures up. A structure whose number is not known
adds nothing and is counted apart, so that the figure says how many structures it covers
("12, 6 structures sur 9"). The figure is shown beside the « Professionnels impliqués » the
structures reported; it is never written into the reported figures.
"""

from collections import defaultdict
from dataclasses import dataclass

from essaim.activities.enums import ActivityKind
from essaim.activities.models import Attendance


@dataclass
class TrainedCount:
    number: int | None = None  # None when no structure's number is known
    known: int = 0  # structures whose number is known
    structures: int = 0  # structures that attended a training

    @property
    def complete(self):
        return self.structures > 0 and self.known == self.structures


def trained_by_innovation(as_of=None, innovation_ids=None):
    """innovation id → TrainedCount, for the innovations that have training attendance."""
    rows = Attendance.objects.filter(
        activity__kind__in=ActivityKind.trainings(), activity__innovation__isnull=False
    ).values_list("activity__innovation_id", "structure_id", "professionals")
    if as_of is not None:
        rows = rows.filter(activity__starts_on__lte=as_of)
    if innovation_ids is not None:
        rows = rows.filter(activity__innovation_id__in=innovation_ids)
    largest = defaultdict(dict)  # innovation → structure → largest known number (or None)
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


def professionals_trained(innovation, as_of=None):
    return trained_by_innovation(as_of, [innovation.pk]).get(innovation.pk, TrainedCount())
