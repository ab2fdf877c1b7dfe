"""Demo accounts, one per role, tied to structures of the reference programme (`make run`). The
team's account also belongs to the fictitious second programme (data/demo_programme/, imported by
`make run` with import_bundle) when it is there: it switches programme from the header."""

from essaim.accounts.addresses import sync_primary_address
from essaim.accounts.enums import Role
from essaim.accounts.models import Membership, User
from essaim.innovations.models import Innovation
from essaim.programmes import scope
from essaim.programmes.models import Programme
from essaim.reference.load import reference_programme
from essaim.swarming.enums import AdoptionStatus

DEMO_PASSWORD = "essaim-demo"
DEMO_INNOVATION = "LREF"
DEMO_PROGRAMME = "DEMO-PLATEAUX"

DEMO_USERS = [
    ("equipe@demo.essaim.fr", "Camille Martin", Role.PROGRAMME_TEAM),
    ("evaluation@demo.essaim.fr", "Dominique Bernard", Role.EVALUATOR),
    ("porteur@demo.essaim.fr", "Sacha Petit", Role.INNOVATOR),
    ("structure@demo.essaim.fr", "Alex Moreau", Role.STRUCTURE_MEMBER),
    ("financeur@demo.essaim.fr", "Claude Laurent", Role.FUNDER),
]


def demo_structures():
    """The porteur of the demo innovation, and two of its named adopting structures (the structure
    member is the first one's referent and a member of the second: it switches between them)."""
    innovation = Innovation.objects.filter(code=DEMO_INNOVATION).select_related("porteur").first()
    if innovation is None:
        return None, []
    adoptions = (
        innovation.adoptions.filter(structure__is_placeholder=False, status__in=AdoptionStatus.counted())
        .select_related("structure")
        .order_by("structure__sort_name", "structure_id")
    )
    return innovation.porteur, [adoption.structure for adoption in adoptions[:2]]


def create_demo_accounts():
    """Create or reset the demo accounts, in the reference programme; return [(user, what it is
    tied to)]."""
    with scope.activate(reference_programme()):
        return demo_accounts()


def demo_accounts():
    porteur, adopters = demo_structures()
    ties = {Role.INNOVATOR: porteur, Role.STRUCTURE_MEMBER: adopters[0] if adopters else None}
    result = []
    for email, name, role in DEMO_USERS:
        user, _ = User.objects.update_or_create(email=email, defaults={"full_name": name})
        sync_primary_address(user)  # allauth logs in through a verified, primary address
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        structure = ties.get(role)
        programmes = [reference_programme()]
        if role in (Role.PROGRAMME_TEAM, Role.FUNDER):  # a funder of both reads them side by side
            programmes += list(Programme.objects.filter(code=DEMO_PROGRAMME))
        for programme in programmes:
            # The structure member is its structure's referent, the innovator the lead of its team.
            Membership.objects.get_or_create(
                user=user,
                programme=programme,
                role=role,
                structure=structure,
                ended_at=None,
                defaults={"is_lead": structure is not None},
            )
        if role == Role.STRUCTURE_MEMBER and len(adopters) > 1:  # a second structure, as a member
            Membership.objects.get_or_create(
                user=user, programme=programmes[0], role=role, structure=adopters[1], ended_at=None
            )
            result.append((user, f"({adopters[0]}, référent ; {adopters[1]})"))
            continue
        programmes.sort(key=lambda p: p.code)
        if len(programmes) > 1:
            result.append((user, "(" + " et ".join(p.name for p in programmes) + ")"))
        else:
            result.append((user, f"({structure})" if structure else ""))
    return result
