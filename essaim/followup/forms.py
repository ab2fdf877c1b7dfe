"""Forms of the follow-up. The reference field never sends its value back to the page: a
reference typed in clear appears in no page, log or error message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.followup.enums import AgeBand, Arm, DurationBand, Milestone, Sex, SubType
from essaim.followup.horizons import add_months
from essaim.followup.pseudonym import MAX_REFERENCE, check_reference

REFERENCE_HELP = (
    "Le numéro de dossier que votre structure donne à la personne (jamais son nom). Essaim ne le garde pas : "
    "il le transforme en pseudonyme ; retapez-le pour retrouver la personne."
)


class ReferenceInput(forms.TextInput):
    """A text input that never renders the submitted value (like a password field)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


def reference_field():
    return forms.CharField(
        label="Référence de la personne dans votre structure",
        max_length=MAX_REFERENCE,
        help_text=REFERENCE_HELP,
        widget=ReferenceInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class FindForm(forms.Form):
    reference = reference_field()

    def clean_reference(self):
        return check_reference(self.cleaned_data["reference"])


class PersonForm(forms.Form):
    """A new person, their entry into an innovation and their situation at entry."""

    reference = reference_field()
    innovation = forms.ModelChoiceField(queryset=None, label="Innovation", empty_label=None)
    entered_on = forms.DateField(label="Entrée dans l'innovation", widget=forms.DateInput(attrs={"type": "date"}))
    arm = forms.ChoiceField(label="Groupe", choices=Arm.choices, initial=Arm.INNOVATION)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(label="Année de naissance", required=False, min_value=1900)
    age_band = forms.ChoiceField(
        label="ou tranche d'âge à l'entrée", choices=[("", "—")] + AgeBand.choices, required=False
    )
    duration_band = forms.ChoiceField(
        label="Ancienneté d'inscription comme demandeur d'emploi", choices=DurationBand.choices
    )
    neet = forms.BooleanField(label="NEET", required=False)
    sheltered = forms.BooleanField(label="Hébergé (CHRS…)", required=False)
    rqth = forms.BooleanField(label="RQTH", required=False)
    qpv = forms.BooleanField(label="Résident d'un QPV", required=False)
    rsa = forms.BooleanField(label="Allocataire du RSA", required=False)
    subtype = forms.ChoiceField(label="Situation à l'entrée", choices=SubType.choices, initial=SubType.ONGOING)
    contract_months = forms.IntegerField(label="Durée du contrat (mois)", required=False, min_value=1, max_value=600)

    def __init__(self, *args, innovations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations

    def clean_reference(self):
        return check_reference(self.cleaned_data["reference"])

    def clean(self):
        data = super().clean()
        entered, year, band = data.get("entered_on"), data.get("birth_year"), data.get("age_band")
        if entered and entered > timezone.localdate():
            self.add_error("entered_on", "Date dans le futur.")
        if entered and year:
            age = entered.year - year
            if not 14 <= age <= 80:
                self.add_error("birth_year", f"Âge à l'entrée invraisemblable ({age} ans).")
            else:
                computed = AgeBand.of_age(age)
                if band and band != computed:
                    self.add_error("age_band", f"L'année de naissance donne « {AgeBand(computed).label} ».")
                data["age_band"] = computed
        elif not band:
            self.add_error("age_band", "Indiquez l'année de naissance ou la tranche d'âge.")
        return data


class SituationForm(forms.Form):
    enrolment = forms.TypedChoiceField(label="Entrée", coerce=int)
    milestone = forms.ChoiceField(label="Échéance", choices=Milestone.choices, initial=Milestone.M6)
    on = forms.DateField(
        label="Date de la situation",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Vide pour une échéance : la date est calculée (6, 12 ou 18 mois après l'entrée).",
    )
    subtype = forms.ChoiceField(label="Situation", choices=SubType.choices)
    contract_months = forms.IntegerField(
        label="Durée du contrat (mois)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="Pour un CDD ou de l'intérim : 6 mois ou plus font un emploi durable.",
    )

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = {e.pk: e for e in enrolments}
        self.fields["enrolment"].choices = [
            (e.pk, f"{e.innovation.name} (entrée le {e.entered_on:%d/%m/%Y})") for e in enrolments
        ]

    def clean(self):
        data = super().clean()
        enrolment = self.enrolments.get(data.get("enrolment"))
        milestone = data.get("milestone")
        if enrolment is None or not milestone:
            return data
        months = Milestone(milestone).months
        if data.get("on") is None:
            if months is None:
                self.add_error("on", "Date requise pour une situation « à une autre date ».")
                return data
            data["on"] = add_months(enrolment.entered_on, months)
        data["enrolment_object"] = enrolment
        return data


def report_errors(form, errors):
    """Put situation_errors' {field: message} on a form."""
    for name, message in errors.items():
        field = name if name in form.fields else None
        form.add_error(field, ValidationError(message[0].upper() + message[1:]))


class UploadForm(forms.Form):
    fichier = forms.FileField(label="Fichier (.xlsx ou .csv)")
