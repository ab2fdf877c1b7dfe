"""The permission matrices read memberships: every page and export of every matrix × every kind of
membership — a referent, a porteur's lead, a person of two structures, a team member or an
evaluator who also holds another membership, a membership that ended — one request per pair.

Each kind answers as the single role its current membership gives (the matrices' columns), but
for what a referent or a lead may do besides (invite colleagues). A person of two structures,
working under one, never reads the other's records (its name, its people), and a membership
that ended opens nothing that needs one.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from essaim.accounts.enums import Role
from essaim.accounts.models import Membership
from essaim.followup.models import Beneficiary
from essaim.programmes.middleware import MEMBERSHIP_KEY
from tests import (
    test_permission_matrix,
    test_permission_matrix_accounts,
    test_permission_matrix_followup,
    test_permission_matrix_grids,
    test_permission_matrix_pipeline,
    test_permission_matrix_swarming,
)
from tests.factories import StructureFactory
from tests.permission_matrix import ROLES
from tests.programmes.test_matrix import every_page, readable
from tests.worlds import build_personas, build_world

pytestmark = pytest.mark.django_db

MATRICES = {
    "pages": test_permission_matrix,
    "followup": test_permission_matrix_followup,
    "grids": test_permission_matrix_grids,
    "pipeline": test_permission_matrix_pipeline,
    "swarming": test_permission_matrix_swarming,
    "accounts": test_permission_matrix_accounts,
}

# What a referent or a porteur's lead may do besides the members of their structure: invite
# colleagues and follow their own invitations (not the team's: hidden).
LEAD = {
    "pages:invite": 200,
    "pages:invite_post": 400,
    "pages:invitations": 200,
    "pages:invitation_revoke": 404,
    "accounts:invite": 200,
    "accounts:invitations": 200,
    "accounts:invitation_revoke_missing": 404,
}

# kind of membership → (the matrices' column it answers as, what it may do besides)
KINDS = {
    "referent": ("member", LEAD),
    "porteur_lead": ("innovator", LEAD),
    "member_of_two": ("member", {}),
    "innovator_also_member": ("innovator", {}),
    "team_also_member": ("team", {}),
    "evaluator_also_funder": ("funder", {}),
    "ended": (None, {}),
}


def expected_answers(column):
    """{"matrix:page": expected answer} of one column of every matrix."""
    found = {}
    for matrix, module in MATRICES.items():
        for page, answers in module.EXPECTED.items():
            found[f"{matrix}:{page}"] = answers[ROLES.index(column)]
    return found


def ended_answers():
    """Who held a membership and no longer does is a visitor who logged in: what a visitor is
    sent to log in for is refused (403); what a visitor may read, they may."""
    found = {}
    member = expected_answers("member")
    for name, answer in expected_answers("anonymous").items():
        if name.startswith("accounts:") and not name.startswith("accounts:admin"):  # password, e-mail…
            found[name] = member[name]
        elif answer == "login":
            found[name] = 403
    return found


def persona(kind, world, personas, elsewhere):
    """The world's account of the column `kind` answers as (the records the matrices assign to it —
    a review, an invitation — stay its own), given the membership `kind` adds; and the membership
    it works under."""
    programme = world.innovation.programme
    column = KINDS[kind][0] or "member"
    user = personas[column]
    current = user.memberships.get()

    def holds(role, structure=None, lead=False):
        return Membership.objects.create(user=user, programme=programme, role=role, structure=structure, is_lead=lead)

    if kind in ("referent", "porteur_lead"):
        Membership.objects.filter(pk=current.pk).update(is_lead=True)
    elif kind in ("member_of_two", "innovator_also_member"):
        holds(Role.STRUCTURE_MEMBER, elsewhere, lead=True)
    elif kind == "team_also_member":
        holds(Role.STRUCTURE_MEMBER, world.own.structure)
    elif kind == "evaluator_also_funder":
        holds(Role.EVALUATOR)
    elif kind == "ended":
        Membership.objects.filter(pk=current.pk).update(ended_at=timezone.now())
        current = None
    return user, current


def without_header_menu(text):
    """The header's menu names every membership of the account: not a leak."""
    start = text.find("<!-- memberships -->")
    return text if start < 0 else text[:start] + text[text.find("<!-- /memberships -->", start) :]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_page_answers_as_the_current_membership_and_shows_nothing_of_the_others(client, kind):
    world = build_world()
    personas = build_personas(world)
    # Another structure of the programme, adopting the other innovation: the second membership's.
    elsewhere = StructureFactory(name="Structure voisine")
    world.unrelated.adoptions.create(structure=elsewhere, since=world.own.since, wave="2016")
    pages = {name: request for name, request in every_page(world, personas).items() if not name.startswith("searches")}
    Beneficiary.objects.create(structure=elsewhere, pseudonym="pseudonyme-voisin", programme=world.innovation.programme)
    user, current = persona(kind, world, personas, elsewhere)
    column, besides = KINDS[kind]
    expected = {**(expected_answers(column) if column else ended_answers()), **besides}
    secrets = ["Structure voisine", "pseudonyme-voisin"] if column in ("member", "innovator") else []

    failures = []
    for name, (method, url, *headers) in sorted(pages.items()):
        with transaction.atomic():  # each request on the same records: what one changes is undone
            client.force_login(user)
            if current is not None:
                session = client.session
                session[MEMBERSHIP_KEY] = current.pk
                session.save()
            response = getattr(client, method)(url, **(headers[0] if headers else {}))
            text = readable(response)
            transaction.set_rollback(True)
        answer = expected.get(name)
        status = response.status_code
        if answer is not None and status != answer:
            failures.append(f"{name} {url}: {status}, expected {answer}")
            continue
        if status >= 500:
            failures.append(f"{name} {url}: {status}")
            continue
        shown = [secret for secret in secrets if secret in without_header_menu(text)]
        if shown:
            failures.append(f"{name} {url}: {status} shows {shown}")
    assert not failures, "\n".join(failures)
    assert len(pages) == sum(len(module.EXPECTED) for module in MATRICES.values())
