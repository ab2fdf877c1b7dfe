from django import forms

from essaim.innovations.models import Innovation
from essaim.organizations.enums import StructureKind
from essaim.territories.models import Departement


class StructureFilterForm(forms.Form):
    q = forms.CharField(label="Nom", required=False)
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous les types")] + StructureKind.choices)
    departement = forms.ModelChoiceField(
        label="Département",
        required=False,
        queryset=Departement.objects.all(),
        empty_label="Tous les départements",
        to_field_name="code",
        error_messages={"invalid_choice": "Département inconnu : choisissez un code COG existant."},
    )
    innovation = forms.ModelChoiceField(
        label="Innovation",
        required=False,
        queryset=Innovation.objects.order_by("sort_name"),
        empty_label="Toutes les innovations",
        to_field_name="code",
        error_messages={"invalid_choice": "Innovation inconnue."},
    )

    def filter(self, structures):
        if not self.is_valid():
            return structures.none()
        data = self.cleaned_data
        if data["q"]:
            structures = structures.filter(name__icontains=data["q"])
        if data["kind"]:
            structures = structures.filter(kind=data["kind"])
        if data["departement"]:
            structures = structures.filter(departement=data["departement"])
        if data["innovation"]:
            structures = structures.filter(adoptions__innovation=data["innovation"]).distinct()
        return structures
