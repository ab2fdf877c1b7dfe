"""Codes → records, read once per import; each file adds the records it declares, so that a
later file may refer to them before anything is written."""

from django.utils import timezone

from essaim.evaluation.models import Indicator
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.sources.models import Source
from essaim.swarming.models import Adoption, StatusChange
from essaim.territories.models import Departement


class Lookups:
    def __init__(self, user=None):
        self.user = user
        self.today = timezone.localdate()
        self.departements = set(Departement.objects.values_list("code", flat=True))
        self.structures = {s.key: s for s in Structure.objects.exclude(key=None)}
        self.innovations = {i.code: i for i in Innovation.objects.all()}
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.sources = dict(Source.objects.values_list("key", "id"))
        self.adoptions = self.load_adoptions()
        self.innovations_with_steps = set(StepChange.objects.values_list("innovation_id", flat=True).distinct())
        self.adoptions_with_statuses = set(StatusChange.objects.values_list("adoption_id", flat=True).distinct())

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
