"""Bridges to the figures: people reached and returns to employment computed from the people
followed, beside the values reported by hand (the consolidation engine's cells), with the gap.

Computed, as of a date, for the people of the innovation's group (not the comparison group):
- people reached: every entry into the innovation on or before the date;
- DELD back in work: people registered a year or more at entry (DELD) whose first job (durable or
  transitional) is dated on or before it.

The reported side is `reports.consolidation.consolidate` (never changed here); a difference is
shown only when both sides are numbers. For anyone but the programme team the computed counts are
protected like every aggregate about people, consistently with the outcomes page (the people
reached are the same cells as its « entered » counts).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from essaim.evaluation.consolidation import consolidate, expected_units
from essaim.evaluation.models import Indicator
from essaim.evaluation.provenance import cell_provenance
from essaim.followup.cohort_counts import ALL, DIMENSIONS, ENTERED, build_tallies, counts_of
from essaim.followup.enums import Arm, DurationBand
from essaim.followup.models import Enrolment
from essaim.followup.protected_cubes import Computation, cube_lines
from essaim.followup.suppression import HIDDEN, Protector
from essaim.followup.viewer import Figure
from essaim.innovations.models import Innovation

INDICATORS = ("people_reached", "returns_to_employment")


@dataclass
class Side:
    computed: Figure
    reported: object  # consolidation.Cell, or a Value for a structure row (None: nothing reported)

    @property
    def difference(self):
        reported = getattr(self.reported, "value", None)
        if reported is None and self.reported is not None and hasattr(self.reported, "number"):
            reported = self.reported.number
        if self.computed.secret or self.computed.value is None or reported is None:
            return None
        return self.computed.value - reported


@dataclass
class BridgeRow:
    innovation: Innovation
    structure: object = None  # a Structure for the rows structure by structure
    reached: Side = None
    returns: Side = None
    demo: int = 0

    @property
    def sides(self):
        return [self.reached, self.returns]


def computed_counts(as_of, structure_ids=None):
    """{(innovation id, structure id or ALL): (reached, returns, demo)} for the innovation group."""
    enrolments = Enrolment.objects.filter(entered_on__lte=as_of, arm=Arm.INNOVATION)
    if structure_ids is not None:
        enrolments = enrolments.filter(structure_id__in=structure_ids)
    returned = Q(duration_band__in=DurationBand.deld(), first_job_on__isnull=False, first_job_on__lte=as_of)
    rows = (
        enrolments.order_by()
        .values("innovation_id", "structure_id")
        .annotate(
            reached=Count("pk"),
            returns=Count("pk", filter=returned),
            demo=Count("pk", filter=Q(beneficiary__is_demo=True)),
        )
    )
    counts = {}
    for row in rows:
        for key in ((row["innovation_id"], row["structure_id"]), (row["innovation_id"], ALL)):
            reached, returns, demo = counts.get(key, (0, 0, 0))
            counts[key] = (reached + row["reached"], returns + row["returns"], demo + row["demo"])
    return counts


def protected_keys(as_of, viewer, counts):
    """The computed counts to hide: the outcomes base cube (people entered, locked as the outcomes
    page decides them) with the returns and their hidden complements."""
    if viewer.exact:
        return set()
    work = Computation(as_of, viewer)
    own = computed_counts(as_of, viewer.own) if viewer.own else {}
    cells = counts_of(work.base)
    protector = Protector(viewer.threshold)
    own_cells = counts_of(build_tallies(work.own_raw)) if work.own_raw else {}
    for key, value in cells.items():
        protector.add(key, value - own_cells.get(key, 0), state=work.base_states[key])
    for total, parts in cube_lines(cells, DIMENSIONS["innovation"], []):
        protector.line(total, parts)
    innovations = sorted({k[0] for k in counts if k[1] == ALL}, key=str)
    totals = [0, 0]
    for inno in innovations:
        reached, returns, _ = counts[(inno, ALL)]
        mine = own.get((inno, ALL), (0, 0, 0))
        protector.add(("returns", inno), returns - mine[1])
        protector.add(("not_returns", inno), (reached - returns) - (mine[0] - mine[1]), state=HIDDEN)
        protector.line((None, inno, ALL, ENTERED), [("returns", inno), ("not_returns", inno)])
        totals[0] += returns - mine[1]
        totals[1] += (reached - returns) - (mine[0] - mine[1])
    protector.add(("returns", ALL), totals[0])
    protector.add(("not_returns", ALL), totals[1], state=HIDDEN)
    protector.line(("returns", ALL), [("returns", i) for i in innovations])
    protector.line(("not_returns", ALL), [("not_returns", i) for i in innovations])
    protector.line((None, ALL, ALL, ENTERED), [("returns", ALL), ("not_returns", ALL)])
    suppressed = protector.solve()
    if protector.unresolved:
        return {"everything"}
    hidden = set()
    for key in suppressed:
        if key[0] == "returns":
            hidden.add(("returns", key[1]))
        elif len(key) == 4 and key[3] == ENTERED and key[2] == ALL:
            hidden.add(("reached", key[1]))
    return hidden


def figure(value, secret):
    return Figure(None, True) if secret else Figure(value)


def bridge(as_of, viewer, structure_rows=None):
    """[BridgeRow] per innovation with people followed or hand-reported figures, then its
    structures' rows when `structure_rows` is given (None: no structure rows; a set: those
    structures; "all": every structure)."""
    indicators = list(Indicator.objects.filter(code__in=INDICATORS))
    table = consolidate(as_of, indicators=indicators)
    counts = computed_counts(as_of)
    hidden = protected_keys(as_of, viewer, counts)
    everything = "everything" in hidden
    innovations = {row.innovation.pk: row for row in table.rows}
    followed = {k[0] for k in counts}
    for innovation in Innovation.objects.filter(pk__in=followed - set(innovations)):
        innovations[innovation.pk] = None
    objects = {i.pk: i for i in Innovation.objects.filter(pk__in=innovations)}
    units = expected_units(as_of) if structure_rows else None
    rows = []
    for pk in sorted(innovations, key=lambda p: (objects[p].sort_name, p)):
        consolidated = innovations[pk]
        reached, returns, demo = counts.get((pk, ALL), (0, 0, 0))
        cells = consolidated.cells if consolidated else {}
        rows.append(
            BridgeRow(
                objects[pk],
                reached=Side(figure(reached, everything or ("reached", pk) in hidden), cells.get("people_reached")),
                returns=Side(
                    figure(returns, everything or ("returns", pk) in hidden), cells.get("returns_to_employment")
                ),
                demo=demo,
            )
        )
        if structure_rows and (pk, ALL) in counts:  # structure rows where people are followed
            rows.extend(structure_lines(objects[pk], as_of, counts, units, structure_rows, indicators))
    return rows


def structure_lines(innovation, as_of, counts, units, allowed, indicators):
    """Exact rows, structure by structure (for the programme team, or a structure's own)."""
    from essaim.organizations.models import Structure

    ids = {k[1] for k in counts if k[0] == innovation.pk and k[1] != ALL} | units.get(innovation.pk, set())
    if allowed != "all":
        ids &= set(allowed)
    by_code = {i.code: i for i in indicators}
    reported = {}
    for code in INDICATORS:
        if code in by_code:
            for value in cell_provenance(innovation, by_code[code], as_of, units=units).values:
                if value.structure_id is not None:
                    reported[(code, value.structure_id)] = value
    lines = []
    for structure in Structure.objects.filter(pk__in=ids):
        reached, returns, demo = counts.get((innovation.pk, structure.pk), (0, 0, 0))
        lines.append(
            BridgeRow(
                innovation,
                structure,
                Side(Figure(reached), reported.get(("people_reached", structure.pk))),
                Side(Figure(returns), reported.get(("returns_to_employment", structure.pk))),
                demo,
            )
        )
    return lines
