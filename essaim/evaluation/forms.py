from django import forms

from essaim.evaluation.rules import ValidationRule
from essaim.innovations.models import Innovation

STATE_OPEN = "ouvertes"
STATE_CHECKED = "verifiees"
STATE_ALL = "toutes"


class ViolationFilterForm(forms.Form):
    innovation = forms.ModelChoiceField(
        label="Innovation",
        queryset=Innovation.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label="Toutes",
    )
    rule = forms.ModelChoiceField(
        label="Règle", queryset=ValidationRule.objects.order_by("name"), required=False, empty_label="Toutes"
    )
    etat = forms.ChoiceField(
        label="État",
        choices=[(STATE_OPEN, "À examiner"), (STATE_CHECKED, "Vérifiées"), (STATE_ALL, "Toutes")],
        required=False,
    )

    def filter(self, violations):
        if not self.is_valid():
            return violations.open()
        data = self.cleaned_data
        if data["innovation"]:
            violations = violations.filter(value__innovation=data["innovation"])
        if data["rule"]:
            violations = violations.filter(rule=data["rule"])
        state = data["etat"] or STATE_OPEN
        if state == STATE_OPEN:
            return violations.filter(checked=False)
        if state == STATE_CHECKED:
            return violations.filter(checked=True)
        return violations


class CheckViolationForm(forms.Form):
    note = forms.CharField(
        label="Note de vérification",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Expliquez en une note pourquoi ce chiffre est conservé."},
    )


class PeriodForm(forms.Form):
    periode = forms.DateField(
        label="Date de fin de période",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Date invalide : utilisez le format AAAA-MM-JJ."},
    )
