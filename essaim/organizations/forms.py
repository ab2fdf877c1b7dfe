from django import forms

from essaim.core.text import sort_key
from essaim.innovations.models import Innovation
from essaim.organizations.enums import StructureKind
from essaim.organizations.merge import candidates
from essaim.organizations.models import Network, Structure
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

    referent = forms.ChoiceField(
        label="Référent",
        required=False,
        choices=[("", "Avec ou sans"), ("sans", "Suivies sans référent actif")],
    )

    def __init__(self, *args, with_referents=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_referents:  # who holds which account: the team's
            del self.fields["referent"]

    def filter(self, structures):
        if not self.is_valid():
            return structures.none()
        data = self.cleaned_data
        if data.get("referent") == "sans":
            structures = structures.filter(needs_referent=True)
        if data["q"]:
            structures = structures.filter(name__icontains=data["q"])
        if data["kind"]:
            structures = structures.filter(kind=data["kind"])
        if data["departement"]:
            structures = structures.filter(departement=data["departement"])
        if data["innovation"]:
            structures = structures.filter(adoptions__innovation=data["innovation"]).distinct()
        return structures


class SiretField(forms.CharField):
    """A SIRET as people copy it, spaces included: « 123 456 789 00012 »."""

    def to_python(self, value):
        return "".join((super().to_python(value) or "").split())


class StructureForm(forms.ModelForm):
    """A structure of the registry, as the programme team creates or corrects it. A new structure
    whose name (written the same way) or SIRET is already in the registry is refused until the
    team says it is another one: duplicates are cheaper to avoid than to merge."""

    create_anyway = forms.BooleanField(
        label="C'est une autre structure : l'enregistrer quand même", required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Structure
        fields = ["name", "kind", "siret", "departement", "city", "networks", "is_placeholder"]
        widgets = {"networks": forms.CheckboxSelectMultiple}
        field_classes = {"siret": SiretField}
        help_texts = {"siret": "14 chiffres ; sa clé de contrôle est vérifiée."}

    def __init__(self, *args, registry, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry
        self.duplicates = []
        self.fields["siret"].widget.attrs["maxlength"] = 20  # as people copy it: 14 digits and spaces
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].label_from_instance = lambda d: f"{d.code} — {d.name}"
        self.fields["networks"].queryset = Network.objects.all()
        if not self.instance.is_placeholder:
            del self.fields["is_placeholder"]  # only an unnamed structure of the sources gets its name
        else:
            self.fields["is_placeholder"].help_text = "Décochez-la quand vous lui donnez son vrai nom."

    def clean_siret(self):
        return self.cleaned_data.get("siret") or None

    def clean(self):
        data = super().clean()
        name = data.get("name")
        checked = self.instance.pk is None or {"name", "siret"} & set(self.changed_data)
        if name and checked and not data.get("create_anyway"):
            candidate = Structure(pk=self.instance.pk, name=name, siret=data.get("siret"))
            candidate.sort_name = sort_key(name)
            self.duplicates = list(candidates(candidate, self.registry)[:10])
            if self.duplicates:
                self.fields["create_anyway"].widget = forms.CheckboxInput()
                self.add_error(
                    None,
                    "Une structure du même nom ou du même SIRET est déjà enregistrée : vérifiez qu'il ne s'agit "
                    "pas d'elle, ou cochez « C'est une autre structure ».",
                )
        return data


class MergeSearchForm(forms.Form):
    q = forms.CharField(label="Nom ou SIRET de la fiche en double", required=False, max_length=200)
