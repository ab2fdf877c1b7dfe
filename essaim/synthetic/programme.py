"""The skeleton of the synthetic programme: structures across every département, innovations and
their step, adoptions and their status history (selected, trained 60 days later, then
implementing or, one in ten, abandoned 200 days after the selection)."""

import datetime

from essaim.core.text import sort_key
from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure
from essaim.swarming.models import Adoption, StatusChange
from essaim.synthetic.common import (
    KEY,
    PREFIX,
    SETTLED_AFTER,
    TRAINED_AFTER,
    adoptions,
    innovations,
    month_end,
    structures,
)
from essaim.synthetic.tables import delete_all, reset_sequences, write_rows
from essaim.territories.models import Departement

STEPS = [Step.SWARMING, Step.EVALUATION_1, Step.EVALUATION_2, Step.EVALUATION_3]


def remove():
    delete_all(
        StatusChange.objects.filter(adoption__in=adoptions()),
        adoptions(),
        StepChange.objects.filter(innovation__in=innovations()),
        innovations(),
        structures(),
    )


def write_structures(rng, count):
    departements = list(Departement.objects.values_list("code", flat=True))
    kinds = [k.value for k in StructureKind]
    write_rows(
        "organizations_structure",
        ["key", "name", "sort_name", "kind", "departement_id", "city", "is_placeholder"],
        (
            (
                f"{KEY}{n}",
                f"Structure synthétique n°{n}",
                sort_key(f"Structure synthétique n°{n}"),
                rng.choice(kinds),
                departements[n % len(departements)],
                "",
                False,
            )
            for n in range(count)
        ),
    )
    reset_sequences(Structure)
    return list(Structure.objects.filter(key__startswith=KEY).order_by("pk").values_list("pk", flat=True))


def write_innovations(rng, count, structure_ids, now):
    rows = []
    for n in range(count):
        entered = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(0, 730))
        porteur = rng.choice(structure_ids)
        step = rng.choice(STEPS)
        name = f"Innovation synthétique n°{n}"
        rows.append((f"{PREFIX}{n:04d}", name, sort_key(name), porteur, "", "", False, "", entered, "", "", step))
    write_rows(
        "innovations_innovation",
        [
            "code",
            "name",
            "sort_name",
            "porteur_id",
            "description",
            "target_public",
            "specific_public",
            "territory_type",
            "entered_on",
            "exit_reason",
            "date_note",
            "step",
        ],
        rows,
    )
    reset_sequences(Innovation)
    innovations = list(
        Innovation.objects.filter(code__startswith=PREFIX).order_by("pk").values_list("pk", "entered_on", "step")
    )
    write_rows(
        "innovations_stepchange",
        ["innovation_id", "step", "on", "note", "recorded_at"],
        ((pk, step, entered, "Programme synthétique", now) for pk, entered, step in innovations),
    )
    return innovations


def write_adoptions(rng, count, innovations, structure_ids, months, now):
    """[(pk, innovation id, structure id, since, status)] of the adoptions written."""
    pairs = set()
    rows = []
    while len(rows) < count:
        innovation = rng.choice(innovations)
        structure = rng.choice(structure_ids)
        if (innovation[0], structure) in pairs:
            continue
        pairs.add((innovation[0], structure))
        since = month_end(rng.randrange(0, months // 2)) + datetime.timedelta(days=1)
        status = "abandoned" if rng.random() < 0.1 else rng.choice(["trained", "implementing"])
        rows.append((innovation[0], structure, since, str(since.year), status))
    write_rows("swarming_adoption", ["innovation_id", "structure_id", "since", "wave", "status"], rows)
    reset_sequences(Adoption)
    adoptions = list(
        Adoption.objects.filter(innovation__code__startswith=PREFIX)
        .order_by("pk")
        .values_list("pk", "innovation_id", "structure_id", "since", "status")
    )
    history = []
    for pk, _, _, since, status in adoptions:
        history.append((pk, "selected", since, "", now))
        history.append((pk, "trained", since + datetime.timedelta(days=TRAINED_AFTER), "", now))
        if status != "trained":
            history.append((pk, status, since + datetime.timedelta(days=SETTLED_AFTER), "", now))
    write_rows("swarming_statuschange", ["adoption_id", "status", "on", "note", "recorded_at"], history)
    return adoptions
