from django import forms
from django.utils import timezone

from essaim.innovations.enums import Step
from essaim.innovations.models import Innovation


class StepChangeForm(forms.Form):
    step = forms.ChoiceField(label="Nouvelle étape", choices=Step.choices)
    on = forms.DateField(label="Date", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


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
        self.fields["porteur"].queryset = self.fields["porteur"].queryset.order_by("name")
        self.fields["entered_on"].required = True
        self.fields["entered_on"].initial = timezone.localdate()
