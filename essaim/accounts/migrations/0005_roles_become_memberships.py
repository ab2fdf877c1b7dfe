"""Each account's role becomes memberships: one per programme the account belonged to, and, for
an innovator or a structure member, one per structure it was tied to (none tied: one without a
structure, which sees what the account saw, nothing of any structure)."""

from django.db import migrations

PROGRAMME_ROLES = {"programme_team", "evaluator", "funder"}


def forward(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Programme = apps.get_model("programmes", "Programme")
    Tie = apps.get_model("organizations", "Membership")
    created = []
    for user in User.objects.all():
        if not user.role:
            continue
        structures = [None]
        if user.role not in PROGRAMME_ROLES:
            structures = list(Tie.objects.filter(user=user).values_list("structure_id", flat=True)) or [None]
        for programme in Programme.objects.filter(people=user):
            for structure_id in structures:
                created.append(
                    Membership(
                        user=user,
                        programme=programme,
                        role=user.role,
                        structure_id=structure_id,
                        started_at=user.date_joined,
                    )
                )
    Membership.objects.bulk_create(created)


def backward(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Tie = apps.get_model("organizations", "Membership")
    for membership in Membership.objects.filter(ended_at=None).order_by("pk"):
        User.objects.filter(pk=membership.user_id, role="").update(role=membership.role)
        membership.programme.people.add(membership.user_id)
        if membership.structure_id:
            Tie.objects.get_or_create(user_id=membership.user_id, structure_id=membership.structure_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_membership"),
    ]

    operations = [migrations.RunPython(forward, backward)]
