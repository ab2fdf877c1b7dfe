import datetime

import factory

from essaim.accounts.enums import PROGRAMME_ROLES, Role
from essaim.accounts.models import Membership, User
from essaim.innovations.models import Innovation
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure
from essaim.programmes.models import REFERENCE_CODE, REFERENCE_NAME, Programme
from essaim.swarming.models import Adoption


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The reference programme unless told otherwise: tests run inside one programme, as an
    installation with a single programme does."""

    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = REFERENCE_CODE
    name = REFERENCE_NAME


def current_programme():
    """The programme records are being built in (`scope.activate`), else the reference one."""
    from essaim.programmes import scope

    return scope.current() or ProgrammeFactory()


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a membership in the programme being built (the reference one outside any):
    `team=True`… gives the role, `structures=[…]` the structures of an innovator or a member (one
    membership each), `programmes=[…]` other programmes (one membership each)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    role = Role.PROGRAMME_TEAM  # not a field: the role of the account's memberships
    lead = False  # not a field: the structure's referent, the lead of the porteur's team
    password = factory.django.Password("motdepasse")

    class Params:
        team = factory.Trait(role=Role.PROGRAMME_TEAM)
        evaluator = factory.Trait(role=Role.EVALUATOR)
        innovator = factory.Trait(role=Role.INNOVATOR)
        member = factory.Trait(role=Role.STRUCTURE_MEMBER)
        funder = factory.Trait(role=Role.FUNDER)

    @factory.post_generation
    def structures(self, create, extracted, **kwargs):
        self._factory_structures = list(extracted or [])

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if not create:
            return
        role, lead, structures = self._factory_role, self._factory_lead, self._factory_structures
        for programme in extracted if extracted is not None else [current_programme()]:
            if role in PROGRAMME_ROLES:
                Membership.objects.create(user=self, programme=programme, role=role)
                # Tied to structures besides (a reviewer who works for a porteur): as their member.
                for structure in structures:
                    Membership.objects.create(
                        user=self, programme=programme, role=Role.STRUCTURE_MEMBER, structure=structure
                    )
                continue
            for structure in structures or [None]:
                Membership.objects.create(user=self, programme=programme, role=role, structure=structure, is_lead=lead)

    @classmethod
    def _create(cls, model_class, *args, role=None, lead=False, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user._factory_role, user._factory_lead = role, lead
        return user

    @classmethod
    def _build(cls, model_class, *args, role=None, lead=False, **kwargs):
        return super()._build(model_class, *args, **kwargs)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = StructureKind.ACI
    departement_id = "38"


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation

    code = factory.Sequence(lambda n: f"INNOV-{n}")
    programme = factory.LazyFunction(current_programme)
    name = factory.Sequence(lambda n: f"Innovation {n}")
    porteur = factory.SubFactory(StructureFactory, kind=StructureKind.ASSOCIATION)
    entered_on = datetime.date(2016, 1, 1)


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    innovation = factory.SubFactory(InnovationFactory)
    structure = factory.SubFactory(StructureFactory)
    since = datetime.date(2016, 6, 1)
    wave = "2016"
