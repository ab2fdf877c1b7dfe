import re

from django import forms
from django.utils.text import slugify

from essaim.grids.enums import PHASES, CollectionMethod, FindingKind, PhaseStatus
from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Scale
from essaim.grids.validators import REPORT_MAX_BYTES, REPORT_TYPES
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Date invalide : utilisez le format AAAA-MM-JJ."}
ACCEPT = ",".join(REPORT_TYPES)


class PlanCreateForm(forms.Form):
    training_end = forms.DateField(
        label="Fin de la formation d'essaimage",
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"required": "Indiquez la date de fin de la formation.", **DATE_ERRORS},
    )


class PhaseForm(forms.ModelForm):
    """One phase of the plan; `version` guards against overwriting someone else's change."""

    methods = forms.MultipleChoiceField(
        label="Modes de recueil", choices=CollectionMethod.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EvaluationPhase
        fields = ["planned_on", "methods", "status", "delivered_on", "report", "note"]
        widgets = {
            "planned_on": DATE_INPUT,
            "delivered_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
            "report": forms.FileInput(attrs={"accept": ACCEPT}),
        }
        error_messages = {
            "planned_on": {"required": "Indiquez la date prévue de la phase.", **DATE_ERRORS},
            "delivered_on": DATE_ERRORS,
        }
        labels = {"report": f"Rapport de phase (PDF, .docx ou .odt, {REPORT_MAX_BYTES // 1024 // 1024} Mo au plus)"}

    def __init__(self, *args, others=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = others or {}  # number → planned date of the plan's other phases
        self.fields["status"].choices = PhaseStatus.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        planned, number = data.get("planned_on"), self.instance.number
        if planned:
            for other, day in sorted(self.others.items()):
                if other < number and day >= planned:
                    self.add_error(
                        "planned_on", f"La phase {number} doit venir après la phase {other} ({day:%d/%m/%Y})."
                    )
                if other > number and day <= planned:
                    self.add_error(
                        "planned_on", f"La phase {number} doit venir avant la phase {other} ({day:%d/%m/%Y})."
                    )
        return data


class GridForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = ["scale", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"scale": {"required": "Choisissez l'échelle de la grille."}}

    def __init__(self, *args, rated=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rated = rated
        self.fields["scale"].queryset = Scale.objects.order_by("name")
        self.fields["scale"].empty_label = None

    def clean_scale(self):
        scale = self.cleaned_data["scale"]
        if self.rated and self.instance.pk and scale.pk != self.instance.scale_id:
            raise forms.ValidationError("Des notes existent déjà sur cette grille : son échelle ne peut plus changer.")
        return scale


class ItemForm(forms.ModelForm):
    key = forms.RegexField(
        regex=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
        label="Identifiant",
        max_length=60,
        required=False,
        help_text="Laissé vide : tiré du libellé.",
        error_messages={"invalid": "Minuscules sans accent, chiffres et tirets seulement (« lien-employeurs »)."},
    )

    class Meta:
        model = GridItem
        fields = ["position", "label", "key", "description", "data_source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "label": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "position": {"required": "Indiquez l'ordre."},
            "label": {"required": "Indiquez le libellé de l'élément."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
        if self.instance.pk:
            self.fields["key"].disabled = True  # the stable identifier files refer to
            self.fields["key"].help_text = ""

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())  # one line, however it was typed


class BaseItemFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Supprimer"
            form.fields["DELETE"].widget.attrs["aria-label"] = "Supprimer cet élément"

    def clean(self):
        super().clean()
        keys, positions = {}, {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk and form.instance.observations.exists():
                    form.add_error(None, f"« {form.instance.label} » a déjà des notes : il ne peut pas être supprimé.")
                continue
            data = form.cleaned_data
            if not data.get("label"):
                continue
            key = data.get("key") or re.sub(r"[-_]{2,}", "-", slugify(data["label"]))[:56].strip("-_") or "element"
            base, n = key, 2
            while key in keys and not data.get("key"):
                key = f"{base[:56]}-{n}"
                n += 1
            if key in keys:
                form.add_error("key", f"Identifiant « {key} » déjà donné à l'élément « {keys[key]} ».")
            keys[key] = data["label"]
            data["key"] = key
            form.instance.key = key
            position = data.get("position")
            if position in positions:
                form.add_error("position", f"Ordre {position} déjà donné à l'élément « {positions[position]} ».")
            positions[position] = data["label"]


ItemFormSet = forms.modelformset_factory(GridItem, form=ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True)


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["innovation", "phase", "structure", "kind", "theme", "text", "attribution", "observed_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}), "observed_on": DATE_INPUT}
        error_messages = {
            "observed_on": {"required": "Indiquez la date que décrit le constat.", **DATE_ERRORS},
            "innovation": {"required": "Choisissez l'innovation."},
            "kind": {"required": "Dites s'il s'agit d'un effet observé, d'une difficulté ou d'une citation."},
            "text": {"required": "Écrivez le constat."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.order_by("sort_name")
        self.fields["innovation"].empty_label = "Choisir…"
        self.fields["phase"] = forms.TypedChoiceField(
            label="Phase",
            choices=[("", "Sans phase")] + [(n, f"Phase {n}") for n in PHASES],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["structure"].queryset = Structure.objects.adopting()
        self.fields["structure"].empty_label = "L'innovation dans son ensemble"
        self.fields["kind"].choices = [("", "Choisir…"), *FindingKind.choices]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > 2000:
            raise forms.ValidationError(
                f"Texte trop long ({len(text)} caractères, 2000 au plus) : un constat est court."
            )
        return text


class FindingSearchForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    innovation = forms.ModelChoiceField(
        label="Innovation",
        queryset=Innovation.objects.order_by("sort_name"),
        to_field_name="code",
        required=False,
        empty_label="Toutes",
    )
    phase = forms.TypedChoiceField(
        label="Phase",
        choices=[("", "Toutes")] + [(n, f"Phase {n}") for n in PHASES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    nature = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *FindingKind.choices], required=False)
    theme = forms.CharField(label="Thème", required=False, max_length=80)
