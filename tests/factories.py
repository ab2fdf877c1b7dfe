import datetime

import factory

from essaim.accounts.enums import Role
from essaim.accounts.models import User
from essaim.innovations.models import Innovation
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Membership, Structure
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
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    role = Role.PROGRAMME_TEAM
    password = factory.django.Password("motdepasse")

    class Params:
        team = factory.Trait(role=Role.PROGRAMME_TEAM)
        evaluator = factory.Trait(role=Role.EVALUATOR)
        innovator = factory.Trait(role=Role.INNOVATOR)
        member = factory.Trait(role=Role.STRUCTURE_MEMBER)
        funder = factory.Trait(role=Role.FUNDER)

    @factory.post_generation
    def structures(self, create, extracted, **kwargs):
        for structure in extracted or []:
            Membership.objects.create(user=self, structure=structure)

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        """The account belongs to the programme being built (the reference one outside any), unless
        `programmes=[…]` names others."""
        if create:
            self.programmes.add(*(extracted if extracted is not None else [current_programme()]))


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
