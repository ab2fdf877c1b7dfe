from django import forms
from django.utils import timezone

from essaim.accounts.enums import Role
from essaim.accounts.models import Membership, User
from essaim.calls.enums import Outcome
from essaim.calls.models import Call, Candidate, Criterion, FeasibilityStudy, StudyAttachment
from essaim.calls.perms import REVIEWER_ROLES
from essaim.core.documents import ACCEPT_ATTRIBUTE, ACCEPTED, DOCUMENT_MAX_BYTES, readable_size
from essaim.organizations.enums import StructureKind
from essaim.organizations.models import Structure

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 4})


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["year", "title", "description", "opens_on", "closes_on", "committee_on", "date_note"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "committee_on": DATE, "description": TEXT}
        help_texts = {"description": "Ce que l'appel recherche : publics, territoires, critères d'éligibilité."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens_on"].required = self.fields["closes_on"].required = True
        if not self.instance.pk:
            year = timezone.localdate().year
            self.fields["year"].initial = year
            self.fields["title"].initial = f"Appel à projets {year}"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "guidance", "max_score"]


class CandidateForm(forms.ModelForm):
    """An application. The team picks any porteur (or names a new one) and dates the receipt;
    an innovator applies for one of its own structures, today. The porteur is set on the
    candidate by `save`, a new porteur being created only then (nothing is written if any
    field is wrong)."""

    porteur = forms.ModelChoiceField(label="Porteur", queryset=Structure.objects.none())
    new_porteur_name = forms.CharField(label="Ou nouveau porteur : nom", max_length=200, required=False)
    new_porteur_kind = forms.ChoiceField(
        label="Type du nouveau porteur", choices=[("", "—")] + list(StructureKind.choices), required=False
    )

    class Meta:
        model = Candidate
        fields = [
            "project_name",
            "description",
            "target_public",
            "small_scale_results",
            "impact_evidence",
            "formalised_process",
            "transfer_will",
            "submitted_on",
        ]
        widgets = {
            "submitted_on": DATE,
            "description": TEXT,
            "small_scale_results": TEXT,
            "impact_evidence": TEXT,
            "formalised_process": TEXT,
            "transfer_will": TEXT,
        }
        help_texts = {
            "small_scale_results": "Les effets constatés sur le retour à l'emploi des chômeurs de longue durée.",
            "impact_evidence": "Évaluation, comparaison, chiffres : ce qui prouve l'effet.",
            "formalised_process": "Les phases et les méthodes, telles qu'un autre pourrait les suivre.",
            "transfer_will": "Pourquoi et comment le porteur veut transmettre son innovation.",
        }

    def __init__(self, *args, call, team, porteurs, **kwargs):
        self.team = team
        super().__init__(*args, **kwargs)
        self.instance.call = call
        self.order_fields(["porteur", "new_porteur_name", "new_porteur_kind"])
        porteur = self.fields["porteur"]
        porteur.queryset = porteurs.order_by("sort_name", "id")
        if team:
            self.fields["submitted_on"].required = True
            porteur.required = False
            porteur.help_text = "Choisissez une structure connue, ou nommez un nouveau porteur."
        else:
            del self.fields["new_porteur_name"]
            del self.fields["new_porteur_kind"]
            del self.fields["submitted_on"]

    def clean(self):
        data = super().clean()
        porteur = data.get("porteur")
        if self.team and porteur is None and "porteur" not in self.errors:
            name, kind = data.get("new_porteur_name", "").strip(), data.get("new_porteur_kind")
            if not name:
                self.add_error("porteur", "Choisissez le porteur, ou nommez un nouveau porteur.")
            elif not kind:
                self.add_error("new_porteur_kind", "Donnez le type du nouveau porteur.")
            else:
                data["porteur"] = Structure(name=name, kind=kind)
        elif porteur is not None and data.get("project_name"):
            same = Candidate.objects.filter(
                call=self.instance.call, porteur=porteur, project_name=data["project_name"]
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("project_name", "Ce porteur a déjà déposé ce projet à cet appel.")
        return data

    def save(self, commit=True):
        candidate = super().save(commit=False)
        porteur = self.cleaned_data["porteur"]
        if porteur.pk is None:
            porteur.save()
        candidate.porteur = porteur
        if commit:
            candidate.save()
        return candidate


class PreselectionForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["proven_effect", "transfer_ready", "formalised", "evidence_level", "preselection_note"]


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="Évaluateur ou évaluatrice", queryset=User.objects.none())

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        taken = candidate.reviews.values_list("reviewer_id", flat=True)
        # The programme's people who review: their memberships there, current ones.
        roles = dict(
            Membership.objects.active()
            .filter(programme=candidate.call.programme, role__in=REVIEWER_ROLES)
            .order_by("user_id", "role")
            .values_list("user_id", "role")
        )
        self.fields["reviewer"].queryset = (
            User.objects.filter(is_active=True, pk__in=roles).exclude(pk__in=taken).order_by("full_name")
        )
        self.fields["reviewer"].label_from_instance = lambda u: f"{u} — {Role(roles[u.pk]).label}"


class ReviewForm(forms.Form):
    """One score and one comment per criterion, and an overall comment. The range check is the
    model's (Score.clean), so that a score outside the rubric gets the same French message."""

    comment = forms.CharField(label="Appréciation d'ensemble", widget=TEXT, required=False)

    def __init__(self, *args, criteria, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {s.criterion_id: s for s in review.scores.all()}
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.label} (de 0 à {criterion.max_score})",
                required=False,
                initial=score.value if score else None,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score, "step": 1}),
                error_messages={"invalid": "Donnez une note entière."},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Commentaire sur « {criterion.label} »",
                required=False,
                max_length=1000,
                initial=score.comment if score else "",
            )
        self.fields["comment"].initial = review.comment
        self.fields["comment"].widget.attrs["rows"] = 3

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def values(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def comments(self):
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class ConflictForm(forms.Form):
    note = forms.CharField(label="Nature du conflit d'intérêts", max_length=300)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Décision du comité", choices=Outcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="Date du comité", widget=DATE)
    minutes = forms.CharField(label="Compte rendu du comité", widget=TEXT, required=False)
    code = forms.CharField(
        label="Code de la nouvelle innovation",
        max_length=40,
        required=False,
        help_text="Si le projet est retenu : majuscules, chiffres et tirets. Il ne change plus ensuite.",
    )
    name = forms.CharField(label="Nom de l'innovation", max_length=200, required=False)

    def __init__(self, *args, candidate, **kwargs):
        from essaim.calls.selection import suggested_code

        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = candidate.call.committee_on or timezone.localdate()
        self.fields["code"].initial = suggested_code(candidate.project_name)
        self.fields["name"].initial = candidate.project_name


class FeasibilityForm(forms.ModelForm):
    """The study; `version` is the modification time the page was drawn from, so that an edit
    made meanwhile by someone else is never silently overwritten."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FeasibilityStudy
        fields = [
            "status",
            "started_on",
            "finished_on",
            "author",
            "philosophy",
            "deployment_framework",
            "impact_analysis",
            "transferability",
            "swarming_scenario",
            "date_note",
        ]
        widgets = {
            "started_on": DATE,
            "finished_on": DATE,
            "philosophy": TEXT,
            "deployment_framework": TEXT,
            "impact_analysis": TEXT,
            "transferability": TEXT,
            "swarming_scenario": TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("version") != self.instance.updated_at.isoformat():
            raise forms.ValidationError(
                "Quelqu'un a modifié cette étude pendant que vous l'écriviez : rien n'a été enregistré. "
                "Rechargez la page pour voir sa version, puis reportez vos changements."
            )
        return data


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = StudyAttachment
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}
        help_texts = {"file": f"{ACCEPTED} ; {readable_size(DOCUMENT_MAX_BYTES)} au plus."}

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.study = study
