from django import forms
from django.utils import timezone

from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation


class StepChangeForm(forms.Form):
    """An innovation's next step. A move that skips steps of the method (phase 1 → phase 3) needs
    its reason, kept in the step's history."""

    step = forms.ChoiceField(label="Nouvelle étape", choices=Step.choices)
    on = forms.DateField(label="Date", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(
        label="Motif",
        max_length=300,
        required=False,
        help_text="Obligatoire quand la nouvelle étape en saute une ; il reste dans l'historique.",
    )

    def __init__(self, *args, innovation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.innovation = innovation
        self.fields["on"].initial = timezone.localdate()

    def last_step(self):
        """Where the innovation stands in the method: its latest step other than a pause."""
        if self.innovation is None:
            return None
        entries = self.innovation.step_changes.exclude(step=Step.PAUSED).order_by("-on", "-id")
        return entries.values_list("step", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("step")
        skipped = Step.skipped(self.last_step(), step) if step else []
        if skipped and not cleaned.get("note", "").strip():
            names = ", ".join(f"« {Step(s).label} »" for s in skipped)
            which = "l'étape" if len(skipped) == 1 else "les étapes"
            self.add_error(
                "note",
                f"« {Step(step).label} » saute {which} {names} : dites pourquoi dans le motif, "
                "il restera dans l'historique.",
            )
        return cleaned


class InnovationForm(forms.ModelForm):
    """A new innovation, entering the method at its first step (identification)."""

    class Meta:
        model = Innovation
        fields = [
            "code",
            "name",
            "porteur",
            "description",
            "target_public",
            "specific_public",
            "territory_type",
            "entered_on",
        ]
        widgets = {
            "entered_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "code": "Majuscules, chiffres et tirets, par exemple « VITA-AIR ». Il ne change plus ensuite.",
            "entered_on": "Date d'entrée dans l'accélérateur ; l'étape « Identification » prend cette date.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["porteur"].queryset = self.fields["porteur"].queryset.order_by("sort_name", "id")
        self.fields["entered_on"].required = True
        self.fields["entered_on"].initial = timezone.localdate()
