from django import forms
from django.utils import timezone

from essaim.activities.enums import COMPANY_SECTORS, COMPANY_SIZES, EventMeasure
from essaim.activities.models import (
    Activity,
    Application,
    Attendance,
    Charter,
    CommitteeMeeting,
    CommitteeMember,
    Event,
    StructureCall,
    Tool,
)
from essaim.core.documents import ACCEPT_ATTRIBUTE, ACCEPTED, DOCUMENT_MAX_BYTES, readable_size
from essaim.innovations.models import Innovation
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["organisation", "person", "function"]


class CommitteeMeetingForm(forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on", "place", "notes"]
        widgets = {"held_on": DATE, "notes": TEXT}


class StructureCallForm(forms.ModelForm):
    class Meta:
        model = StructureCall
        fields = ["title", "description", "opens_on", "closes_on", "selection_on", "wave"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "selection_on": DATE, "description": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].required = True


class ApplicationForm(forms.ModelForm):
    """A structure's application to an AMI: a known structure, or a new one named here (created
    only when everything else is valid)."""

    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), required=False)
    new_structure_name = forms.CharField(label="Ou nouvelle structure : nom", max_length=200, required=False)
    new_structure_kind = forms.ChoiceField(
        label="Type de la nouvelle structure", choices=[("", "—")] + list(StructureKind.choices), required=False
    )

    class Meta:
        model = Application
        fields = ["applied_on", "motivation", "note"]
        widgets = {"applied_on": DATE, "motivation": TEXT}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.call = call
        self.order_fields(["structure", "new_structure_name", "new_structure_kind"])
        taken = call.applications.values_list("structure_id", flat=True)
        self.fields["structure"].queryset = Structure.objects.exclude(pk__in=taken)
        self.fields["applied_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("structure") is None and "structure" not in self.errors:
            name, kind = data.get("new_structure_name", "").strip(), data.get("new_structure_kind")
            if not name:
                self.add_error("structure", "Choisissez la structure, ou nommez une nouvelle structure.")
            elif not kind:
                self.add_error("new_structure_kind", "Donnez le type de la nouvelle structure.")
            else:
                data["structure"] = Structure(name=name, kind=kind)
        return data

    def save(self, commit=True):
        application = super().save(commit=False)
        structure = self.cleaned_data["structure"]
        if structure.pk is None:
            structure.save()
        application.structure = structure
        if commit:
            application.save()
        return application


class ApplicationDecisionForm(forms.Form):
    DECISIONS = [("select", "Retenir"), ("decline", "Ne pas retenir"), ("undo", "Annuler la décision")]

    decision = forms.ChoiceField(label="Décision", choices=DECISIONS)
    on = forms.DateField(label="Date", widget=DATE)
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "innovation",
            "kind",
            "title",
            "module",
            "starts_on",
            "ends_on",
            "duration_days",
            "place",
            "departement",
            "description",
            "date_note",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.order_by("sort_name")
        self.fields["departement"].queryset = self.fields["departement"].queryset.order_by("code")


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["structure", "professionals", "note"]

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        structures = Structure.objects.all()
        if activity.innovation_id:
            adopters = set(activity.innovation.adoptions.values_list("structure_id", flat=True))
            structures = sorted(structures, key=lambda s: (s.pk not in adopters, s.sort_name, s.pk))
            self.fields["structure"].choices = [("", "---------")] + [(s.pk, str(s)) for s in structures]
        else:
            self.fields["structure"].queryset = structures


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "organiser",
            "title",
            "starts_on",
            "ends_on",
            "place",
            "departement",
            "job_seekers",
            "long_term_unemployed",
            "women",
            "men",
            "companies",
            *(name for name, _ in COMPANY_SECTORS),
            *(name for name, _ in COMPANY_SIZES),
            "public_partners",
            "structures_reached",
            "notes",
            "date_note",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": TEXT}
        help_texts = {"job_seekers": "Laissez vide un chiffre inconnu : il n'est jamais compté comme zéro."}

    def __init__(self, *args, innovation, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.innovation = innovation
        self.fields["organiser"].queryset = organisers.order_by("sort_name", "id")
        self.fields["departement"].queryset = self.fields["departement"].queryset.order_by("code")

    def figure_groups(self):
        people = ["job_seekers", "long_term_unemployed", "women", "men"]
        companies = ["companies", *(n for n, _ in COMPANY_SECTORS), *(n for n, _ in COMPANY_SIZES)]
        others = ["public_partners", "structures_reached"]
        return [
            ("Chercheurs d'emploi", [self[n] for n in people]),
            ("Entreprises", [self[n] for n in companies]),
            ("Partenaires", [self[n] for n in others]),
        ]


class CharterForm(forms.ModelForm):
    """The charter and its minimums, one field per figure an event counts (empty: no rule)."""

    class Meta:
        model = Charter
        fields = ["title", "commitments", "tool"]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, tools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = tools
        current = {r.measure: r.minimum for r in self.instance.rules.all()} if self.instance.pk else {}
        for measure in EventMeasure:
            self.fields[f"min_{measure.value}"] = forms.IntegerField(
                label=f"Au moins … {measure.label}",
                min_value=0,
                required=False,
                initial=current.get(measure.value),
                error_messages={"min_value": "Un minimum ne peut pas être négatif."},
            )

    def minimums(self):
        return {m.value: self.cleaned_data.get(f"min_{m.value}") for m in EventMeasure}

    def rule_fields(self):
        return [self[f"min_{m.value}"] for m in EventMeasure]


class ToolForm(forms.ModelForm):
    class Meta:
        model = Tool
        fields = ["innovation", "kind", "title", "description", "version", "licence", "authors", "file", "published"]
        widgets = {"description": TEXT, "file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}
        help_texts = {
            "file": f"{ACCEPTED} ; {readable_size(DOCUMENT_MAX_BYTES)} au plus.",
            "published": "Un outil publié se télécharge librement, même sans compte.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.order_by("sort_name")
