from django import forms
from django.utils import timezone

from essaim.innovations.enums import Step


class StepChangeForm(forms.Form):
    step = forms.ChoiceField(label="Nouvelle étape", choices=Step.choices)
    on = forms.DateField(label="Date", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
