"""Codes → records, read once per import; each file adds the records it declares, so that a
later file may refer to them before anything is written."""

from functools import cached_property

from django.utils import timezone

from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.sources.models import Source
from essaim.swarming.models import Adoption, StatusChange
from essaim.territories.models import Departement


class Lookups:
    """Each table is read when a file first asks for it: a bundle of values alone never reads
    the departements or the steps of innovations."""

    def __init__(self, user=None):
        self.user = user
        self.today = timezone.localdate()

    @cached_property
    def departements(self):
        return set(Departement.objects.values_list("code", flat=True))

    @cached_property
    def structures(self):
        return {s.key: s for s in Structure.objects.exclude(key=None)}

    @cached_property
    def innovations(self):
        return {i.code: i for i in Innovation.objects.all()}

    @cached_property
    def indicators(self):
        return {i.code: i for i in Indicator.objects.all()}

    @cached_property
    def sources(self):
        return dict(Source.objects.values_list("key", "id"))

    @cached_property
    def adoptions(self):
        return self.load_adoptions()

    @cached_property
    def innovations_with_steps(self):
        return set(StepChange.objects.values_list("innovation_id", flat=True).distinct())

    @cached_property
    def adoptions_with_statuses(self):
        return set(StatusChange.objects.values_list("adoption_id", flat=True).distinct())

    def load_adoptions(self):
        """(innovation code, structure key) → adoption, its innovation and structure those of the
        lookups (one record each, however many adoptions name it)."""
        innovations = {i.pk: i for i in self.innovations.values()}
        structures = {s.pk: s for s in self.structures.values()}
        adoptions = {}
        for adoption in Adoption.objects.exclude(structure__key=None):
            adoption.innovation = innovations[adoption.innovation_id]
            adoption.structure = structures[adoption.structure_id]
            adoptions[(adoption.innovation.code, adoption.structure.key)] = adoption
        return adoptions
