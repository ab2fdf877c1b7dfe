"""The migration that turns each account's single role into memberships: one per programme it
belonged to, and, for an innovator or a structure member, one per structure it was tied to."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0004_membership"), ("organizations", "0005_plural_names"), ("programmes", "0002_logo_checked")]


def migrate(targets=None):
    """Migrate to `targets`, or to the latest migrations; return the models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_roles_become_memberships(migration_data):
    old = migrate(BEFORE)
    User, Programme = old.get_model("accounts", "User"), old.get_model("programmes", "Programme")
    Structure, Tie = old.get_model("organizations", "Structure"), old.get_model("organizations", "Membership")
    first = Programme.objects.create(code="AIS-EMPLOI", name="AIS#Emploi")
    second = Programme.objects.create(code="OCC", name="Occitanie")
    a, b = (Structure.objects.create(name=n, key=n.lower(), sort_name=n, kind="ACI") for n in ("Alpha", "Beta"))
    team = User.objects.create(email="equipe@exemple.fr", role="programme_team")
    member = User.objects.create(email="membre@exemple.fr", role="structure_member")
    loose = User.objects.create(email="porteur@exemple.fr", role="innovator")
    nowhere = User.objects.create(email="perdu@exemple.fr", role="funder")
    first.people.add(team, member, loose)
    second.people.add(team)
    Tie.objects.create(user=member, structure=a)
    Tie.objects.create(user=member, structure=b)

    new = migrate()
    Membership = new.get_model("accounts", "Membership")
    found = sorted(
        (m.user.email, m.programme.code, m.role, m.structure.name if m.structure_id else None)
        for m in Membership.objects.select_related("user", "programme", "structure")
    )
    assert found == [
        ("equipe@exemple.fr", "AIS-EMPLOI", "programme_team", None),
        ("equipe@exemple.fr", "OCC", "programme_team", None),
        ("membre@exemple.fr", "AIS-EMPLOI", "structure_member", "Alpha"),
        ("membre@exemple.fr", "AIS-EMPLOI", "structure_member", "Beta"),
        ("porteur@exemple.fr", "AIS-EMPLOI", "innovator", None),  # tied to no structure: sees none, as before
    ]
    assert not Membership.objects.filter(user__email=nowhere.email).exists()  # in no programme: none
