"""The consolidation engine against a plain reference implementation, on generated programmes."""

import datetime
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from essaim.core.history import record
from essaim.evaluation.consolidation import consolidate
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import parse_value
from essaim.swarming.models import StatusChange
from tests.factories import AdoptionFactory, InnovationFactory

DAYS = [datetime.date(2016, 1, 1) + datetime.timedelta(days=120 * n) for n in range(7)]
STATUSES = ["candidate", "selected", "trained", "implementing", "paused", "abandoned"]
RAW = st.one_of(st.integers(min_value=0, max_value=60), st.sampled_from(["nc", "ne"]))


@st.composite
def programmes(draw):
    n_innovations = draw(st.integers(min_value=1, max_value=3))
    adoptions = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        since = draw(st.integers(min_value=0, max_value=len(DAYS) - 1))
        days = sorted(draw(st.sets(st.integers(min_value=since, max_value=len(DAYS) - 1), max_size=3)))
        statuses = []
        for day in days:
            status = draw(st.sampled_from(STATUSES))
            if not statuses or statuses[-1][0] != status:
                statuses.append((status, DAYS[day]))
        adoptions.append(
            {"innovation": draw(st.integers(0, n_innovations - 1)), "since": DAYS[since], "statuses": statuses}
        )
    values = {}
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        unit = draw(st.one_of(st.none(), st.integers(0, len(adoptions) - 1))) if adoptions else None
        innovation = adoptions[unit]["innovation"] if unit is not None else draw(st.integers(0, n_innovations - 1))
        indicator = draw(st.sampled_from(["people_reached", "hires"]))
        end = DAYS[draw(st.integers(0, len(DAYS) - 1))]
        values[(innovation, unit, indicator, end)] = (draw(RAW), draw(st.booleans()))
    as_of = DAYS[draw(st.integers(0, len(DAYS) - 1))]
    start = draw(st.one_of(st.none(), st.sampled_from(DAYS)))
    validated_only = draw(st.booleans())
    return {
        "innovations": n_innovations,
        "adoptions": adoptions,
        "values": values,
        "as_of": as_of,
        "start": start,
        "validated_only": validated_only,
    }


# -- the reference implementation: plain Python over the generated programme ----------------


def no_number(statuses):
    statuses = set(statuses) - {"missing"}
    return "missing" if not statuses else ("ne" if statuses == {"ne"} else "nc")


def reduce_unit(entries, aggregation):
    """entries: [(end, raw, validated)] of one unit → (kind, number, validated) or None; a unit's
    answer is validated when every value it rests on is."""
    if not entries:
        return None
    if aggregation == "last":
        _, raw, validated = max(entries, key=lambda entry: entry[0])
        return ("number", raw, validated) if isinstance(raw, int) else (raw, None, validated)
    validated = all(v for _, _, v in entries)
    numbers = [raw for _, raw, _ in entries if isinstance(raw, int)]
    if numbers:
        return ("number", sum(numbers), validated)
    return ("nc", None, validated) if any(raw == "nc" for _, raw, _ in entries) else ("ne", None, validated)


def gap(entries):
    raws = [raw for _, raw, _ in entries]
    return any(isinstance(raw, int) for raw in raws) and any(not isinstance(raw, int) for raw in raws)


def reference(p):
    as_of, start = p["as_of"], p["start"]
    aggregation = {"people_reached": "last", "hires": "sum"}
    expected = defaultdict(set)
    for k, adoption in enumerate(p["adoptions"]):
        if adoption["since"] > as_of:
            continue
        history = [status for status, day in adoption["statuses"] if day <= as_of]
        if (history[-1] if history else "candidate") not in ("candidate", "abandoned"):
            expected[adoption["innovation"]].add(k)
    shown = {a["innovation"] for a in p["adoptions"] if a["since"] <= as_of}
    shown |= {i for (i, _, _, end) in p["values"] if end <= as_of}
    rows = []
    for innovation in sorted(shown):
        cells = {}
        for indicator, how in aggregation.items():
            by_unit = defaultdict(list)
            for (i, unit, ind, end), (raw, validated) in p["values"].items():
                if i != innovation or ind != indicator or end > as_of:
                    continue
                if how == "sum" and start is not None and end < start:
                    continue
                if p["validated_only"] and not validated:
                    continue
                by_unit[unit].append((end, raw, validated))
            if by_unit.get(None):
                kind, number, validated = reduce_unit(by_unit[None], how)
                if kind == "number":
                    cells[indicator] = (number, "value", 1, 1, "innovation", 1, int(validated))
                else:
                    cells[indicator] = (None, kind, 0, 1, "innovation", 1, int(validated))
                continue
            # The cell's units: the expected structures, and any other that reported (the latest
            # value by then, or a value in the window), whatever its status or start.
            members = expected[innovation] | {k for k in by_unit if k is not None}
            units = [reduce_unit(by_unit.get(k, []), how) for k in members]
            numbers = [number for u in units if u and u[0] == "number" for number in [u[1]]]
            kinds = [u[0] for u in units if u]
            validated = sum(1 for u in units if u and u[2])
            # For `sum`, a unit that said nc or ne beside its numbers in the window is a gap.
            gaps = sum(1 for k in members if how == "sum" and gap(by_unit.get(k, [])))
            n = len(members)
            if numbers:
                status = "value" if len(numbers) == n and not gaps else "partial"
                cells[indicator] = (sum(numbers), status, len(numbers), n, "structures", len(kinds), validated)
            elif kinds:
                status = "ne" if set(kinds) == {"ne"} else "nc"
                cells[indicator] = (None, status, 0, n, "structures", len(kinds), validated)
            else:
                cells[indicator] = (None, "missing", 0, n, None, 0, 0)
        rows.append((f"I{innovation}", cells))
    total = {}
    for indicator in aggregation:
        parts = [cells[indicator] for _, cells in rows]
        numbers = [c[0] for c in parts if c[0] is not None]
        if not numbers:
            total[indicator] = (None, no_number(c[1] for c in parts))
        else:
            total[indicator] = (sum(numbers), "value" if all(c[1] == "value" for c in parts) else "partial")
    return rows, total


class ConsolidationProperties(TestCase):
    def setUp(self):
        Indicator.objects.create(code="hires", label="Embauches", aggregation="sum")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(programmes())
    def test_engine_matches_the_reference(self, p):
        innovations = [InnovationFactory(code=f"I{n}") for n in range(p["innovations"])]
        adoptions = []
        for spec in p["adoptions"]:
            adoption = AdoptionFactory(innovation=innovations[spec["innovation"]], since=spec["since"])
            for status, day in spec["statuses"]:
                record(StatusChange, adoption, status, day)
            adoptions.append(adoption)
        indicators = {i.code: i for i in Indicator.objects.all()}
        for (innovation, unit, indicator, end), (raw, validated) in p["values"].items():
            kind, number = parse_value(raw)
            Value.objects.create(
                state="validated" if validated else "entered",
                innovation=innovations[innovation],
                structure=adoptions[unit].structure if unit is not None else None,
                indicator=indicators[indicator],
                period_end=end,
                kind=kind,
                number=number,
            )

        table = consolidate(
            p["as_of"],
            start=p["start"],
            indicators=[indicators["people_reached"], indicators["hires"]],
            validated_only=p["validated_only"],
        )
        got_rows = [
            (
                row.innovation.code,
                {
                    code: (c.value, str(c.status), c.reported, c.expected, c.source, c.answers or 0, c.validated or 0)
                    for code, c in row.cells.items()
                    if code in ("people_reached", "hires")
                },
            )
            for row in table.rows
        ]
        got_total = {code: (c.value, str(c.status)) for code, c in table.total.items()}
        want_rows, want_total = reference(p)
        assert got_rows == want_rows
        assert got_total == want_total
